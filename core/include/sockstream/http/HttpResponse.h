#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/Dynamic/Var.h>

#include "sockstream/Export.h"
#include "sockstream/util/SealedBytes.h"

namespace sockstream {

/// A complete response. The body is owned text, a shared immutable string, or
/// sealed bytes (a media segment), which plain connections send with sendfile.
class SOCKSTREAM_API HttpResponse {
public:
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;

    HttpResponse() = default;
    explicit HttpResponse(int statusCode) : status(statusCode) {}

    void setHeader(std::string_view name, std::string value);   ///< replaces
    void addHeader(std::string_view name, std::string value);   ///< appends (Set-Cookie)
    const std::string* findHeader(std::string_view name) const;

    void setBody(std::string body, std::string contentType);
    void setSharedBody(std::shared_ptr<const std::string> body, std::string contentType);
    void setSealedBody(std::shared_ptr<const SealedBytes> body, std::string contentType);
    /// The sealed body, or null when the body is text.
    const SealedBytes* sealedBody() const { return _sealedBody.get(); }
    std::string_view body() const;
    std::size_t bodySize() const { return body().size(); }
    /// Lets the core answer Range requests from this body (adds Accept-Ranges: bytes).
    void allowRanges();
    bool rangesAllowed() const { return _rangesAllowed; }

    static HttpResponse json(int status, const Poco::Dynamic::Var& value);
    /// The platform's error shape: {"error":{"code":"...","message":"..."}}.
    static HttpResponse error(int status, std::string_view code, std::string_view message);
    static HttpResponse redirect(std::string location, int status = 302);

private:
    std::string _ownedBody;
    std::shared_ptr<const std::string> _sharedBody;
    std::shared_ptr<const SealedBytes> _sealedBody;
    bool _rangesAllowed = false;
};

/// Throw from a handler to answer with the platform's JSON error shape.
class HttpError : public std::exception {
public:
    HttpError(int status, std::string code, std::string message)
        : _status(status), _code(std::move(code)), _message(std::move(message)) {}
    int status() const { return _status; }
    const std::string& code() const { return _code; }
    const std::string& message() const { return _message; }
    const char* what() const noexcept override { return _message.c_str(); }
    HttpResponse toResponse() const { return HttpResponse::error(_status, _code, _message); }

private:
    int _status;
    std::string _code;
    std::string _message;
};

}  // namespace sockstream
