#include "ErrorResponse.h"

namespace sockstream::authgoogle {

namespace {
std::string escapeHtml(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

bool wantsJson(const HttpRequest& request) {
    auto accept = request.header("Accept");
    return accept && accept->find("application/json") != std::string::npos;
}
}  // namespace

HttpResponse ErrorResponse::render(const HttpRequest& request, int status, const std::string& code,
                                   const std::string& message) {
    if (wantsJson(request)) return HttpResponse::error(status, code, message);
    HttpResponse response(status);
    response.setBody("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>Sign-in failed</title></head>\n<body>\n<h1>Sign-in with Google failed</h1>\n"
                     "<p id=\"message\">" + escapeHtml(message) + "</p>\n"
                     "<p><small>Error code: <code id=\"code\">" + escapeHtml(code) + "</code></small></p>\n"
                     "<p><a href=\"/\">Back to SockStream</a></p>\n</body></html>\n",
                     "text/html; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Content-Security-Policy", "default-src 'none'");
    return response;
}

}  // namespace sockstream::authgoogle
