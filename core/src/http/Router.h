#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "http/OriginPolicy.h"
#include "http/RequestDispatcher.h"
#include "http/RoutePattern.h"
#include "sockstream/http/HttpRouter.h"

namespace sockstream::core {

class IoRuntime;

/// Every route of the server, core's and plugins', each tagged with its owner
/// so a plugin's routes vanish with it. Unmatched GET/HEAD go to the fallback
/// (the web app); anything else unmatched is a JSON 404, or 405 with Allow.
class Router : public RequestDispatcher {
public:
    Router(IoRuntime& runtime, Poco::Logger& logger, OriginPolicy originPolicy);

    void add(const std::string& owner, const std::string& method, const std::string& pattern,
             HttpHandler handler, Dispatch dispatch = Dispatch::Worker, RouteGuard guard = RouteGuard::None);
    void addAsync(const std::string& owner, const std::string& method, const std::string& pattern,
                  AsyncHttpHandler handler);
    void removeOwner(const std::string& owner);
    void setFallback(HttpHandler handler);
    /// The origin policy's verdict, for plugins (HttpRouter::crossSite).
    bool crossSite(const HttpRequest& request) const { return _originPolicy.crossSite(request); }

    /// The HttpRouter one plugin sees: its registrations carry its name.
    std::unique_ptr<HttpRouter> viewFor(const std::string& owner);

    void dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) override;
    void dispatchFresh(std::shared_ptr<HttpRequest> request, HttpResponder responder) override;

    /// Runs a synchronous handler, turning exceptions into JSON errors.
    static HttpResponse invoke(const HttpHandler& handler, const HttpRequest& request, Poco::Logger& logger);

private:
    struct Route {
        std::string owner;
        std::string method;
        RoutePattern pattern;
        HttpHandler handler;
        AsyncHttpHandler asyncHandler;
        Dispatch dispatch = Dispatch::Worker;
        RouteGuard guard = RouteGuard::None;
    };
    /// The refusal `guard` makes of `request`, if any.
    std::optional<HttpResponse> refusal(RouteGuard guard, const HttpRequest& request) const;
    void insert(std::shared_ptr<const Route> route);
    void run(const std::shared_ptr<const Route>& route, std::shared_ptr<const HttpRequest> request,
             HttpResponder responder);

    IoRuntime& _runtime;
    Poco::Logger& _logger;
    OriginPolicy _originPolicy;
    mutable std::shared_mutex _mutex;
    std::vector<std::shared_ptr<const Route>> _routes;
    std::shared_ptr<const HttpHandler> _fallback;
};

}  // namespace sockstream::core
