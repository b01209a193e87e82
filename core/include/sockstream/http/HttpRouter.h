#pragma once

#include <functional>
#include <string>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream {

/// Where a synchronous handler runs.
enum class Dispatch {
    Worker,  ///< on the core's worker pool: may block (database, password hashing)
    Inline,  ///< on the I/O thread: must be quick and never block (serving from memory)
};

/// Checks the core makes before a route's handler runs.
enum class RouteGuard {
    None,  ///< only the core's usual check: a cookie-bearing write from a foreign origin is refused
    /// For routes a page on another site must never reach through a visitor's
    /// browser, such as sign-in and sign-up (login CSRF signs the victim into
    /// the attacker's account, and a form needs no cookie to do it). Before the
    /// handler, with or without a session cookie, the core refuses with 403
    /// `foreign_origin` a request the origin policy calls cross-site (Origin, or
    /// Referer without one, neither ours nor allowed; or, with neither,
    /// `Sec-Fetch-Site: cross-site`), and with 415 `unsupported_media_type` a
    /// body not sent as `Content-Type: application/json`, which an HTML form
    /// cannot send and a cross-site script cannot send without a CORS preflight
    /// the server never grants.
    SameOriginJson,
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
using AsyncHttpHandler = std::function<void(const HttpRequest&, HttpResponder)>;

/// Method + path routing. Patterns are literal segments, "{name}" parameters
/// (one segment) and a final "{name...}" that takes the rest of the path:
///   "/api/rooms/{roomId}", "/media/{roomId}/{file...}".
/// A path that matches a pattern under another method answers 405 with Allow.
/// Handlers may throw HttpError; other exceptions become 500 and are logged.
class HttpRouter {
public:
    virtual ~HttpRouter() = default;

    virtual void add(const std::string& method, const std::string& pattern, HttpHandler handler,
                     Dispatch dispatch = Dispatch::Worker) = 0;
    /// The handler runs on the I/O thread and answers through the responder whenever it likes.
    virtual void addAsync(const std::string& method, const std::string& pattern,
                          AsyncHttpHandler handler) = 0;

    /// Like add(), behind `guard`.
    virtual void addGuarded(RouteGuard guard, const std::string& method, const std::string& pattern,
                            HttpHandler handler, Dispatch dispatch = Dispatch::Worker) = 0;

    /// The core's origin policy (the one place that decides it): true when a
    /// browser sent `request` from a page of another site, i.e. its Origin
    /// (or Referer) is neither server.publicUrl, nor in server.allowedOrigins,
    /// nor the request's own Host; or Sec-Fetch-Site says cross-site. For
    /// handlers that must refuse such pages themselves (WebSocket upgrades).
    virtual bool crossSite(const HttpRequest& request) const = 0;

    void get(const std::string& pattern, HttpHandler handler, Dispatch dispatch = Dispatch::Worker) {
        add("GET", pattern, std::move(handler), dispatch);
    }
    void post(const std::string& pattern, HttpHandler handler, Dispatch dispatch = Dispatch::Worker) {
        add("POST", pattern, std::move(handler), dispatch);
    }
};

}  // namespace sockstream
