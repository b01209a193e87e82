#include "oidc/JsonDocument.h"

#include <cmath>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

JsonDocument JsonDocument::parse(const std::string& text, std::size_t maxBytes, int status,
                                 const std::string& code, std::size_t maxDepth) {
    if (text.size() > maxBytes) throw OidcError(status, code, "JSON document larger than " + std::to_string(maxBytes) + " bytes");
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(maxDepth);
        parsed = parser.parse(text);
    } catch (const Poco::Exception& e) {
        throw OidcError(status, code, "malformed JSON: " + e.message());
    } catch (const std::exception& e) {
        throw OidcError(status, code, std::string("malformed JSON: ") + e.what());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) throw OidcError(status, code, "JSON document is not an object");
    auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (!object) throw OidcError(status, code, "JSON document is not an object");
    return JsonDocument(object);
}

std::optional<std::string> JsonDocument::string(const std::string& key) const {
    if (!_object->has(key)) return std::nullopt;
    const Poco::Dynamic::Var value = _object->get(key);
    if (!value.isString()) return std::nullopt;
    return value.extract<std::string>();
}

std::optional<long long> JsonDocument::integer(const std::string& key) const {
    if (!_object->has(key)) return std::nullopt;
    const Poco::Dynamic::Var value = _object->get(key);
    if (!value.isNumeric() || value.isString() || value.isBoolean()) return std::nullopt;
    try {
        if (value.isInteger()) return value.convert<Poco::Int64>();
        double d = value.convert<double>();
        if (!std::isfinite(d) || std::fabs(d) > 9e15) return std::nullopt;
        return static_cast<long long>(d);
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

bool JsonDocument::isTrue(const std::string& key) const {
    if (!_object->has(key)) return false;
    const Poco::Dynamic::Var value = _object->get(key);
    if (value.isBoolean()) return value.extract<bool>();
    return value.isString() && value.extract<std::string>() == "true";
}

std::optional<std::vector<std::string>> JsonDocument::stringArray(const std::string& key, std::size_t maxItems) const {
    if (!_object->has(key)) return std::nullopt;
    auto array = _object->getArray(key);
    if (!array) return std::nullopt;
    std::vector<std::string> items;
    for (std::size_t i = 0; i < array->size() && items.size() < maxItems; ++i) {
        const Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
        if (item.isString()) items.push_back(item.extract<std::string>());
    }
    return items;
}

}  // namespace sockstream::authgoogle
