#include "sockstream/http/JsonBody.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include "sockstream/http/HttpResponse.h"

namespace sockstream {

namespace {
constexpr int kMaxJsonDepth = 32;
}

JsonBody::JsonBody(const HttpRequest& request) : JsonBody(request.body) {}

JsonBody::JsonBody(const std::string& text) {
    if (text.empty()) throw HttpError(400, "invalid_json", "The request body must be a JSON object.");
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(kMaxJsonDepth);
        parsed = parser.parse(text);
    } catch (const Poco::Exception&) {
        throw HttpError(400, "invalid_json", "The request body is not valid JSON.");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw HttpError(400, "invalid_json", "The request body must be a JSON object.");
    _object = parsed.extract<Poco::JSON::Object::Ptr>();
}

bool JsonBody::has(const std::string& key) const { return _object->has(key) && !_object->isNull(key); }

std::string JsonBody::requireString(const std::string& key) const {
    if (!has(key)) throw HttpError(400, "missing_field", "The field \"" + key + "\" is required.");
    auto value = optionalString(key);
    return *value;
}

std::optional<std::string> JsonBody::optionalString(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    Poco::Dynamic::Var value = _object->get(key);
    if (!value.isString()) throw HttpError(400, "invalid_field", "The field \"" + key + "\" must be a string.");
    return value.extract<std::string>();
}

std::optional<std::int64_t> JsonBody::optionalInteger(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    Poco::Dynamic::Var value = _object->get(key);
    if (!value.isInteger()) throw HttpError(400, "invalid_field", "The field \"" + key + "\" must be an integer.");
    return value.convert<std::int64_t>();
}

std::optional<bool> JsonBody::optionalBool(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    Poco::Dynamic::Var value = _object->get(key);
    if (!value.isBoolean()) throw HttpError(400, "invalid_field", "The field \"" + key + "\" must be true or false.");
    return value.extract<bool>();
}

}  // namespace sockstream
