#include "sockstream/http/HttpResponse.h"

#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "util/Text.h"

namespace sockstream {

void HttpResponse::setHeader(std::string_view name, std::string value) {
    for (auto& [key, existing] : headers) {
        if (core::equalsIgnoreCase(key, name)) {
            existing = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::string(name), std::move(value));
}

void HttpResponse::addHeader(std::string_view name, std::string value) {
    headers.emplace_back(std::string(name), std::move(value));
}

const std::string* HttpResponse::findHeader(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (core::equalsIgnoreCase(key, name)) return &value;
    return nullptr;
}

void HttpResponse::setBody(std::string body, std::string contentType) {
    _ownedBody = std::move(body);
    _sharedBody.reset();
    _sealedBody.reset();
    setHeader("Content-Type", std::move(contentType));
}

void HttpResponse::setSharedBody(std::shared_ptr<const std::string> body, std::string contentType) {
    _sharedBody = std::move(body);
    _sealedBody.reset();
    _ownedBody.clear();
    setHeader("Content-Type", std::move(contentType));
}

void HttpResponse::setSealedBody(std::shared_ptr<const SealedBytes> body, std::string contentType) {
    _sealedBody = std::move(body);
    _sharedBody.reset();
    _ownedBody.clear();
    setHeader("Content-Type", std::move(contentType));
}

std::string_view HttpResponse::body() const {
    if (_sealedBody) return _sealedBody->view();
    if (_sharedBody) return *_sharedBody;
    return _ownedBody;
}

void HttpResponse::allowRanges() {
    _rangesAllowed = true;
    setHeader("Accept-Ranges", "bytes");
}

HttpResponse HttpResponse::json(int status, const Poco::Dynamic::Var& value) {
    HttpResponse response(status);
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    response.setBody(out.str(), "application/json; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse HttpResponse::error(int status, std::string_view code, std::string_view message) {
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
    error->set("code", std::string(code));
    error->set("message", std::string(message));
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
    root->set("error", error);
    return json(status, root);
}

HttpResponse HttpResponse::redirect(std::string location, int status) {
    HttpResponse response(status);
    response.setHeader("Location", std::move(location));
    response.setHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace sockstream
