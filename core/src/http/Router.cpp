#include "http/Router.h"

#include <mutex>

#include "runtime/IoRuntime.h"
#include "util/Text.h"

namespace sockstream::core {

namespace {

class RouterView : public HttpRouter {
public:
    RouterView(Router& router, std::string owner) : _router(router), _owner(std::move(owner)) {}
    void add(const std::string& method, const std::string& pattern, HttpHandler handler,
             Dispatch dispatch) override {
        _router.add(_owner, method, pattern, std::move(handler), dispatch);
    }
    void addAsync(const std::string& method, const std::string& pattern, AsyncHttpHandler handler) override {
        _router.addAsync(_owner, method, pattern, std::move(handler));
    }
    void addGuarded(RouteGuard guard, const std::string& method, const std::string& pattern, HttpHandler handler,
                    Dispatch dispatch) override {
        _router.add(_owner, method, pattern, std::move(handler), dispatch, guard);
    }
    bool crossSite(const HttpRequest& request) const override { return _router.crossSite(request); }

private:
    Router& _router;
    std::string _owner;
};

// "application/json", in any case, with or without parameters such as charset.
bool declaresJson(const HttpRequest& request) {
    const auto contentType = request.header("Content-Type");
    if (!contentType) return false;
    return equalsIgnoreCase(trim(std::string_view(*contentType).substr(0, contentType->find(';'))),
                            "application/json");
}

}  // namespace

Router::Router(IoRuntime& runtime, Poco::Logger& logger, OriginPolicy originPolicy)
    : _runtime(runtime), _logger(logger), _originPolicy(std::move(originPolicy)) {}

void Router::add(const std::string& owner, const std::string& method, const std::string& pattern,
                 HttpHandler handler, Dispatch dispatch, RouteGuard guard) {
    auto route = std::make_shared<Route>(
        Route{owner, method, RoutePattern(pattern), std::move(handler), {}, dispatch, guard});
    insert(std::move(route));
}

void Router::addAsync(const std::string& owner, const std::string& method, const std::string& pattern,
                      AsyncHttpHandler handler) {
    auto route = std::make_shared<Route>(Route{owner, method, RoutePattern(pattern), {}, std::move(handler), Dispatch::Inline});
    insert(std::move(route));
}

void Router::insert(std::shared_ptr<const Route> route) {
    std::unique_lock lock(_mutex);
    for (const auto& existing : _routes) {
        if (existing->method == route->method && existing->pattern.text() == route->pattern.text())
            throw std::invalid_argument(route->owner + ": route " + route->method + " " + route->pattern.text() +
                                        " is already registered by " + existing->owner);
    }
    _routes.push_back(std::move(route));
}

void Router::removeOwner(const std::string& owner) {
    std::unique_lock lock(_mutex);
    std::erase_if(_routes, [&](const auto& route) { return route->owner == owner; });
}

void Router::setFallback(HttpHandler handler) {
    std::unique_lock lock(_mutex);
    _fallback = std::make_shared<const HttpHandler>(std::move(handler));
}

std::unique_ptr<HttpRouter> Router::viewFor(const std::string& owner) {
    return std::make_unique<RouterView>(*this, owner);
}

HttpResponse Router::invoke(const HttpHandler& handler, const HttpRequest& request, Poco::Logger& logger) {
    try {
        return handler(request);
    } catch (const HttpError& error) {
        return error.toResponse();
    } catch (const std::exception& error) {
        logger.error("%s %s failed: %s", request.method, request.path, std::string(error.what()));
    } catch (...) {
        logger.error("%s %s failed with an unknown exception", request.method, request.path);
    }
    return HttpResponse::error(500, "internal_error", "The server could not complete this request.");
}

void Router::dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) {
    // Route parameters go into the request: work on a copy the caller does not share.
    dispatchFresh(std::make_shared<HttpRequest>(*request), std::move(responder));
}

void Router::dispatchFresh(std::shared_ptr<HttpRequest> request, HttpResponder responder) {
    if (_originPolicy.refuses(*request)) {
        responder.send(HttpResponse::error(403, "foreign_origin",
                                           "This request came from a site that is not allowed to act for you."));
        return;
    }

    std::shared_ptr<const Route> matched;
    std::shared_ptr<const HttpHandler> fallback;
    std::string allowed;
    {
        std::shared_lock lock(_mutex);
        // HEAD is answered by a GET route unless a HEAD route exists.
        const bool head = request->method == "HEAD";
        for (const auto& route : _routes) {
            if (!route->pattern.matches(request->path)) continue;
            if (route->method == request->method) {
                matched = route;
                break;
            }
            if (head && route->method == "GET") {
                if (!matched) matched = route;
            } else if (allowed.find(route->method) == std::string::npos) {
                allowed += allowed.empty() ? route->method : ", " + route->method;
            }
        }
        if (matched) matched->pattern.extract(request->path, request->params);
        fallback = _fallback;
    }

    if (matched) {
        if (auto refused = refusal(matched->guard, *request)) {
            responder.send(std::move(*refused));
            return;
        }
        run(matched, std::move(request), std::move(responder));
        return;
    }
    if (!allowed.empty()) {
        HttpResponse response = HttpResponse::error(405, "method_not_allowed",
                                                    request->method + " is not allowed here.");
        response.setHeader("Allow", allowed);
        responder.send(std::move(response));
        return;
    }
    if (fallback && (request->method == "GET" || request->method == "HEAD")) {
        _runtime.postBlocking([fallback, request, responder, this] {
            responder.send(invoke(*fallback, *request, _logger));
        });
        return;
    }
    responder.send(HttpResponse::error(404, "not_found", "There is nothing at " + request->path + "."));
}

std::optional<HttpResponse> Router::refusal(RouteGuard guard, const HttpRequest& request) const {
    if (guard == RouteGuard::None) return std::nullopt;
    if (_originPolicy.crossSite(request))
        return HttpResponse::error(403, "foreign_origin",
                                   "This request came from a site that is not allowed to act for you.");
    if (!declaresJson(request))
        return HttpResponse::error(415, "unsupported_media_type",
                                   "This route accepts only JSON: send the body with Content-Type: application/json.");
    return std::nullopt;
}

void Router::run(const std::shared_ptr<const Route>& route, std::shared_ptr<const HttpRequest> request,
                 HttpResponder responder) {
    if (route->asyncHandler) {
        try {
            route->asyncHandler(*request, responder);
        } catch (const HttpError& error) {
            responder.send(error.toResponse());
        } catch (const std::exception& error) {
            _logger.error("%s %s failed: %s", request->method, request->path, std::string(error.what()));
            responder.send(HttpResponse::error(500, "internal_error", "The server could not complete this request."));
        }
        return;
    }
    if (route->dispatch == Dispatch::Inline) {
        responder.send(invoke(route->handler, *request, _logger));
        return;
    }
    _runtime.postBlocking([route, request = std::move(request), responder, this] {
        responder.send(invoke(route->handler, *request, _logger));
    });
}

}  // namespace sockstream::core
