#include "CoreHarness.h"

#include <future>
#include <stdexcept>

#include <Poco/JSON/Parser.h>

namespace sockstream::test {

namespace {

/// Captures the first response a handler sends.
class CapturingExchange : public HttpResponder::Exchange {
public:
    void send(HttpResponse response) override {
        std::lock_guard lock(_mutex);
        if (_sent) return;
        _sent = true;
        _promise.set_value(std::move(response));
    }
    void acceptWebSocket(std::shared_ptr<WebSocketHandler>, const WebSocketOptions&) override {
        send(HttpResponse::error(500, "test_harness", "the test harness does not do WebSockets"));
    }
    bool clientConnected() const override { return true; }
    std::future<HttpResponse> future() { return _promise.get_future(); }

private:
    std::mutex _mutex;
    bool _sent = false;
    std::promise<HttpResponse> _promise;
};

}  // namespace

HttpResponse dispatchAndWait(core::RequestDispatcher& dispatcher, std::shared_ptr<const HttpRequest> request,
                             std::chrono::milliseconds timeout) {
    auto exchange = std::make_shared<CapturingExchange>();
    auto future = exchange->future();
    dispatcher.dispatch(std::move(request), HttpResponder(exchange));
    if (future.wait_for(timeout) != std::future_status::ready)
        throw std::runtime_error("no response within the time limit");
    return future.get();
}

std::string errorCode(const HttpResponse& response) {
    try {
        auto root = Poco::JSON::Parser().parse(std::string(response.body())).extract<Poco::JSON::Object::Ptr>();
        auto error = root->getObject("error");
        return error ? error->optValue<std::string>("code", "") : "";
    } catch (const std::exception&) {  // Poco::Exception included
        return "";
    }
}

CoreHarness::CoreHarness(HarnessOptions options) : runtime(1, 2) {
    settings.publicUrl = options.publicUrl;
    settings.publicHost = "127.0.0.1";
    settings.dataDir = dataDir.path().string();
    settings.authSecret = "test-auth-secret";
    settings.streamKeySecret = "test-stream-key-secret";
    settings.httpHost = "127.0.0.1";
    coreMetrics = metrics.viewFor("core");
    runtime.start();
    scheduler = runtime.schedulerFor("core");
    database = std::make_unique<core::DatabaseImpl>(dataDir.file("sockstream.db"), Poco::Logger::get("test.database"));
    database->migrate("identity", core::IdentityImpl::migrations());
    database->migrate("rooms", core::RoomStore::migrations());
    core::SessionPolicy policy;
    policy.secureCookies = settings.secureCookies();
    identity = std::make_unique<core::IdentityImpl>(*database, policy, Poco::Logger::get("test.identity"));
    events = std::make_unique<core::EventBusImpl>(Poco::Logger::get("test.events"));
    media = std::make_unique<core::MediaBusImpl>(*scheduler, Poco::Logger::get("test.media"),
                                                 std::chrono::seconds(options.rooms.reconnectGraceSeconds));
    rooms = std::make_unique<core::RoomsImpl>(*database, options.channels, options.rooms, settings.streamKeySecret,
                                              *media, *events, Poco::Logger::get("test.rooms"));
    media->setBroadcastListener(rooms.get());
    cluster = std::make_unique<core::ClusterImpl>(core::ClusterSettings{}, runtime, Poco::Logger::get("test.cluster"));
    router = std::make_unique<core::Router>(
        runtime, Poco::Logger::get("test.http"),
        core::OriginPolicy(settings.publicUrl, settings.allowedOrigins, core::IdentityImpl::cookieNames()));
    listeners = std::make_unique<core::ListenerRegistryImpl>(runtime, *coreMetrics);
    core = std::make_unique<core::CoreServices>(core::CoreServices{settings, runtime, *router, *listeners, *events,
                                                                   *media, *database, *identity, *rooms, metrics,
                                                                   services, features, *cluster, health});
}

CoreHarness::~CoreHarness() {
    listeners->closeAll();
    media->closeAll();
    runtime.stop();
}

HttpResponse CoreHarness::request(const std::string& method, const std::string& path,
                                  std::vector<std::pair<std::string, std::string>> headers, std::string body) {
    auto request = std::make_shared<HttpRequest>();
    request->method = method;
    request->target = path;
    request->path = path;
    request->body = std::move(body);
    request->remoteAddress = "127.0.0.1";
    request->headers = std::move(headers);
    return dispatchAndWait(*router, std::move(request));
}

std::pair<User, std::string> CoreHarness::signIn(const std::string& email, const std::string& name) {
    User user;
    user.name = name;
    user.email = *identity->normalizeEmail(email);
    user = identity->createUser(user, LinkedAccount{"", "test", user.email, ""});
    IssuedSession session = identity->createSession(user.id);
    return {user, identity->sessionCookieName() + "=" + session.token};
}

}  // namespace sockstream::test
