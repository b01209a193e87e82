#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "TempDir.h"
#include "cluster/ClusterImpl.h"
#include "config/ServerConfig.h"
#include "data/DatabaseImpl.h"
#include "events/EventBusImpl.h"
#include "http/Router.h"
#include "identity/IdentityImpl.h"
#include "media/MediaBusImpl.h"
#include "metrics/MetricsRegistry.h"
#include "runtime/IoRuntime.h"
#include "listeners/ListenerRegistryImpl.h"
#include "plugin/CoreServices.h"
#include "health/HealthRegistry.h"
#include "plugin/ServicesRegistry.h"
#include "rooms/RoomsImpl.h"

namespace sockstream::test {

struct HarnessOptions {
    std::vector<Channel> channels{{"gaming", "Gaming", "", 1}, {"music", "Music", "", 2}};
    core::RoomsConfig rooms;
    std::string publicUrl = "http://127.0.0.1:8080";
};

/// The real core services, assembled as the Server does, on a temporary data
/// dir and without sockets: plugins can be loaded against it and requests
/// dispatched through its router.
class CoreHarness {
public:
    explicit CoreHarness(HarnessOptions options = {});
    ~CoreHarness();

    /// Dispatches a request through the router and waits (bounded) for the answer.
    HttpResponse request(const std::string& method, const std::string& path,
                         std::vector<std::pair<std::string, std::string>> headers = {}, std::string body = {});
    HttpResponse get(const std::string& path) { return request("GET", path); }

    /// A signed-in user: the Cookie header value of a fresh session.
    std::pair<User, std::string> signIn(const std::string& email, const std::string& name = "Tester");

    TempDir dataDir;
    Settings settings;
    core::MetricsRegistry metrics;
    std::unique_ptr<Metrics> coreMetrics;
    core::IoRuntime runtime;
    std::unique_ptr<Scheduler> scheduler;
    std::unique_ptr<core::DatabaseImpl> database;
    std::unique_ptr<core::IdentityImpl> identity;
    std::unique_ptr<core::EventBusImpl> events;
    std::unique_ptr<core::MediaBusImpl> media;
    std::unique_ptr<core::RoomsImpl> rooms;
    std::unique_ptr<core::Router> router;
    std::unique_ptr<core::ListenerRegistryImpl> listeners;
    core::ServicesRegistry services;
    core::FeatureRegistry features;
    core::HealthRegistry health;
    std::unique_ptr<core::ClusterImpl> cluster;  ///< off, as on a single server
    std::unique_ptr<core::CoreServices> core;
};

/// Runs an HttpResponder-based dispatch and hands back what was sent.
HttpResponse dispatchAndWait(core::RequestDispatcher& dispatcher, std::shared_ptr<const HttpRequest> request,
                             std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// The "code" of a JSON error body, or "" when the body is not one.
std::string errorCode(const HttpResponse& response);

}  // namespace sockstream::test
