#pragma once

#include <string>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::authgoogle {

/// A failed sign-in, answered as the platform's JSON error when the client asks
/// for JSON and as a small HTML page (with a way back) for a browser.
class ErrorResponse {
public:
    static HttpResponse render(const HttpRequest& request, int status, const std::string& code,
                               const std::string& message);
};

}  // namespace sockstream::authgoogle
