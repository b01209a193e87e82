#include "app/Server.h"

#include <Poco/JSON/Array.h>

#include "app/OpenFileLimit.h"
#include "cluster/ClusterImpl.h"
#include "cluster/ClusterSettings.h"
#include "cluster/RoomEventRelay.h"
#include "data/DatabaseFactory.h"
#include "events/EventBusImpl.h"
#include "health/HealthRegistry.h"
#include "http/Router.h"
#include "http/StaticFiles.h"
#include "identity/IdentityImpl.h"
#include "media/MediaBusImpl.h"
#include "metrics/MetricsRegistry.h"
#include "connections/AddressRanges.h"
#include "httpserver/HttpServer.h"
#include "runtime/IoRuntime.h"
#include "listeners/ListenerRegistryImpl.h"
#include "plugin/PluginManager.h"
#include "plugin/ServicesRegistry.h"
#include "rooms/RoomsApi.h"
#include "rooms/RoomsImpl.h"
#include "sockstream-wire/WireJson.h"
#include "sockstream/Version.h"
#include "util/Text.h"

namespace sockstream::core {

/// Declared in construction order; destroyed in reverse.
struct Server::Parts {
    Settings settings;
    MetricsRegistry metrics;
    std::unique_ptr<Metrics> coreMetrics;
    std::unique_ptr<IoRuntime> runtime;
    std::unique_ptr<Scheduler> coreScheduler;
    std::unique_ptr<Database> database;
    std::unique_ptr<ClusterImpl> cluster;
    std::unique_ptr<IdentityImpl> identity;
    std::unique_ptr<EventBusImpl> events;
    std::unique_ptr<MediaBusImpl> media;
    std::unique_ptr<RoomsImpl> rooms;
    std::unique_ptr<RoomEventRelay> roomEventRelay;
    std::unique_ptr<Router> router;
    std::unique_ptr<ListenerRegistryImpl> listeners;
    ServicesRegistry services;
    FeatureRegistry features;
    HealthRegistry health;
    std::unique_ptr<CoreServices> core;
    std::unique_ptr<RoomsApi> roomsApi;
    std::unique_ptr<StaticFiles> staticFiles;
    std::unique_ptr<PluginManager> plugins;
    std::unique_ptr<HttpServer> http;
    bool running = false;
};

Server::Server(ServerConfig config, EnvironmentLookup environment, std::filesystem::path executableDir)
    : _config(std::move(config)),
      _environment(std::move(environment)),
      _executableDir(std::move(executableDir)),
      _logger(Poco::Logger::get("sockstream")) {}

Server::~Server() { stop(); }

int Server::httpPort() const { return _parts && _parts->http ? _parts->http->boundPort() : 0; }

void Server::start() {
    applyEnvironment(_config, _environment);
    _parts = std::make_unique<Parts>();
    Parts& p = *_parts;
    p.settings = resolveSettings(_config, _environment, _logger);
    AddressRanges exemptAddresses;
    try {
        exemptAddresses = AddressRanges(_config.limits.exemptAddresses);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(_config.sourceFile + ": server.limits.exemptAddresses: " + e.what());
    }
    raiseOpenFileLimit(_logger);
    p.coreMetrics = p.metrics.viewFor("core");

    p.runtime = std::make_unique<IoRuntime>(_config.ioThreads, _config.workerThreads, _config.webSocketThreads);
    p.runtime->start();
    p.coreScheduler = p.runtime->schedulerFor("core");

    p.database = openDatabase(resolveDatabaseConfig(_config.database, _environment), p.settings.dataDir,
                              Poco::Logger::get("sockstream.database"));
    p.database->migrate("identity", IdentityImpl::migrations());
    p.database->migrate("rooms", RoomStore::migrations());
    // Before the rooms: they ask the cluster which broadcasts other servers carry.
    ClusterSettings clusterSettings =
        resolveClusterSettings(_config.cluster, _environment, p.settings.httpHost, p.settings.httpPort);
    clusterSettings.secretsFingerprint = secretsFingerprint(p.settings.authSecret, p.settings.streamKeySecret);
    p.cluster = std::make_unique<ClusterImpl>(std::move(clusterSettings), *p.runtime, Poco::Logger::get("sockstream.cluster"));
    p.cluster->start();

    SessionPolicy sessionPolicy;
    sessionPolicy.secureCookies = p.settings.secureCookies();
    p.identity = std::make_unique<IdentityImpl>(*p.database, sessionPolicy, Poco::Logger::get("sockstream.identity"));
    p.events = std::make_unique<EventBusImpl>(Poco::Logger::get("sockstream.events"));
    p.identity->setEvents(p.events.get());  // sign-outs end chat connections' sign-in (SignInSessionEnded)
    p.media = std::make_unique<MediaBusImpl>(*p.coreScheduler, Poco::Logger::get("sockstream.media"),
                                             std::chrono::seconds(_config.rooms.reconnectGraceSeconds));
    p.rooms = std::make_unique<RoomsImpl>(*p.database, _config.channels, _config.rooms, p.settings.streamKeySecret,
                                          *p.media, *p.events, Poco::Logger::get("sockstream.rooms"),
                                          p.cluster->enabled() ? p.cluster.get() : nullptr);
    p.media->setBroadcastListener(p.rooms.get());
    p.rooms->startTimers(*p.coreScheduler);
    p.roomEventRelay = std::make_unique<RoomEventRelay>(*p.cluster, *p.events, *p.rooms, Poco::Logger::get("sockstream.cluster"));
    p.roomEventRelay->attach();
    p.router = std::make_unique<Router>(*p.runtime, Poco::Logger::get("sockstream.http"),
                                        OriginPolicy(p.settings.publicUrl, p.settings.allowedOrigins,
                                                     IdentityImpl::cookieNames()));
    p.listeners = std::make_unique<ListenerRegistryImpl>(*p.runtime, *p.coreMetrics, exemptAddresses);
    p.core = std::make_unique<CoreServices>(CoreServices{p.settings, *p.runtime, *p.router, *p.listeners, *p.events,
                                                         *p.media, *p.database, *p.identity, *p.rooms, p.metrics,
                                                         p.services, p.features, *p.cluster, p.health,
                                                         _environment});
    p.roomsApi = std::make_unique<RoomsApi>(*p.rooms, *p.identity);
    p.staticFiles = std::make_unique<StaticFiles>(_config.webRoot);
    registerCoreRoutes();

    std::filesystem::path pluginDir =
        _config.pluginDir.empty() ? _executableDir / ".." / SOCKSTREAM_DEFAULT_PLUGIN_DIR : std::filesystem::path(_config.pluginDir);
    p.plugins = std::make_unique<PluginManager>(*p.core, Poco::Logger::get("sockstream.plugins"));
    try {
        p.plugins->load(_config.plugins, pluginDir.lexically_normal());
        p.plugins->initAll(_config.sourceFile);
        p.plugins->startAll();

        HttpServerOptions options;
        options.host = p.settings.httpHost;
        options.port = p.settings.httpPort;
        options.maxHeaderBytes = _config.limits.maxHeaderBytes;
        options.maxBodyBytes = _config.limits.maxBodyBytes;
        options.requestTimeout = std::chrono::seconds(_config.limits.requestTimeoutSeconds);
        options.idleTimeout = std::chrono::seconds(_config.limits.idleTimeoutSeconds);
        options.maxConnections = _config.limits.maxConnections;
        options.maxConnectionsPerAddress = _config.limits.maxConnectionsPerAddress;
        options.idleTimeoutUnderPressure = std::chrono::seconds(_config.limits.idleTimeoutUnderPressureSeconds);
        options.exemptAddresses = exemptAddresses;
        p.http = std::make_unique<HttpServer>(*p.runtime, options, *p.router, *p.coreMetrics);
        // Plugin listeners first, so what plugins declare about their bound ports
        // (whenListening) is in place before the first HTTP request can ask.
        p.listeners->openAll();
        p.plugins->announceListening();
        p.http->open();
    } catch (...) {
        p.running = true;
        stop();
        throw;
    }
    p.running = true;
    _startedAt = std::chrono::steady_clock::now();
    _logger.notice("SockStream %s listening on http://%s:%d (public URL %s)", std::string(kVersion),
                   p.settings.httpHost, httpPort(), p.settings.publicUrl);
}

void Server::stop() {
    if (!_parts || !_parts->running) return;
    Parts& p = *_parts;
    p.running = false;
    _logger.notice("SockStream stopping");
    if (p.http) p.http->close();
    p.listeners->closeAll();
    p.media->closeAll();
    p.plugins->stopAll();
    // After the broadcasts ended and the plugins said their last words to the other servers.
    p.cluster->stop();
    p.roomEventRelay->detach();
    // Queued tasks and timers may hold plugin code: they must go before the libraries do.
    p.runtime->stop();
    p.plugins->unloadAll();
    _logger.notice("SockStream stopped");
}

void Server::registerCoreRoutes() {
    Parts& p = *_parts;
    Router& router = *p.router;

    router.add("core", "GET", "/healthz", [this](const HttpRequest&) {
        Poco::JSON::Array::Ptr plugins = new Poco::JSON::Array;
        bool healthy = true;
        for (const auto& status : _parts->plugins->status()) {
            Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
            entry->set("name", status.name);
            entry->set("state", status.state);
            plugins->add(entry);
            healthy = healthy && status.state == "running";
        }
        // What plugins report (sockstream/health/Health.h), e.g. a database that refuses writes.
        Poco::JSON::Array::Ptr failing = new Poco::JSON::Array;
        for (const auto& failure : _parts->health.failures()) {
            Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
            entry->set("check", failure.check);
            entry->set("reason", failure.reason);
            failing->add(entry);
            healthy = false;
        }
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("status", healthy ? "ok" : "degraded");
        body->set("version", std::string(kVersion));
        body->set("uptimeSeconds", std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::steady_clock::now() - _startedAt).count());
        body->set("plugins", plugins);
        body->set("failing", failing);
        return HttpResponse::json(healthy ? 200 : 503, body);
    }, Dispatch::Inline);

    router.add("core", "GET", "/metrics", [this](const HttpRequest&) {
        HttpResponse response(200);
        response.setBody(_parts->metrics.renderPrometheus(), "text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        return response;
    }, Dispatch::Inline);

    router.add("core", "GET", "/api/features", [this](const HttpRequest&) {
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("version", std::string(kVersion));
        body->set("features", _parts->features.snapshot());
        // How encoders reach this server and viewers play a room, as the plugins declared them.
        auto endpoints = _parts->rooms->endpoints().declarationsJson();
        body->set("ingest", endpoints->getArray("ingest"));
        body->set("playback", endpoints->getArray("playback"));
        return HttpResponse::json(200, body);
    }, Dispatch::Inline);

    // Sessions belong to core, so they work whichever sign-in plugins are enabled.
    router.add("core", "GET", "/api/auth/session", [this](const HttpRequest& request) {
        auto user = _parts->identity->authenticate(request);
        if (!user) throw HttpError(401, "not_signed_in", "You are not signed in.");
        Poco::JSON::Object::Ptr session = new Poco::JSON::Object;
        session->set("expiresAt", formatIsoTime(user->session.expiresAt));
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        auto userBody = lib::wire::userJson(user->user);
        // The web app shows admins the controls the server allows them (stop any
        // broadcast, moderate any room's chat); the server checks again on each act.
        userBody->set("role", _parts->rooms->isAdmin(user->user) ? "admin" : "user");
        body->set("user", userBody);
        body->set("session", session);
        HttpResponse response = HttpResponse::json(200, body);
        if (!user->refreshedCookie.empty()) response.addHeader("Set-Cookie", user->refreshedCookie);
        return response;
    });

    router.add("core", "POST", "/api/auth/sign-out", [this](const HttpRequest& request) {
        _parts->identity->revokeSession(request);
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("success", true);
        HttpResponse response = HttpResponse::json(200, body);
        response.addHeader("Set-Cookie", _parts->identity->clearedSessionCookie());
        return response;
    }, Dispatch::Worker, RouteGuard::SameOriginJson);

    p.roomsApi->registerRoutes(router);
    router.setFallback([this](const HttpRequest& request) { return _parts->staticFiles->serve(request); });
}

}  // namespace sockstream::core
