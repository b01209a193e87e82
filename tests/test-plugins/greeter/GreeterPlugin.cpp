// test-greeter: a route, an event subscription, a service, a feature entry and
// a metric callback, so tests can check that each is registered and dropped.
#include <atomic>
#include <memory>

#include <Poco/JSON/Object.h>

#include "GreeterService.h"
#include "Journal.h"
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

namespace {

class Greeter : public GreeterService {
public:
    explicit Greeter(std::string greeting) : _greeting(std::move(greeting)) {}
    std::string greet(const std::string& name) const override { return _greeting + ", " + name; }
    int roomsCreated() const override { return _roomsCreated.load(); }
    void countRoom() { ++_roomsCreated; }

private:
    std::string _greeting;
    std::atomic<int> _roomsCreated{0};
};

}  // namespace

class GreeterPlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        _journal = Journal(context);
        _journal.record("init");
        auto greeter = std::make_shared<Greeter>(context.config().optValue<std::string>("greeting", "Hello"));
        _greeter = greeter;

        context.events().subscribe<RoomCreated>([greeter](const RoomCreated&) { greeter->countRoom(); });
        context.http().get("/api/test/greeter/hello", [greeter](const HttpRequest&) {
            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
            body->set("greeting", greeter->greet("world"));
            body->set("roomsCreated", greeter->roomsCreated());
            return HttpResponse::json(200, body);
        }, Dispatch::Inline);
        context.http().get("/api/test/greeter/hello/{name}", [greeter](const HttpRequest& request) {
            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
            body->set("greeting", greeter->greet(request.param("name")));
            return HttpResponse::json(200, body);
        }, Dispatch::Inline);
        context.services().provide<GreeterService>(greeter);
        context.metrics().gaugeCallback("test_greeter_rooms_created", "RoomCreated events test-greeter saw",
                                        [greeter] { return static_cast<double>(greeter->roomsCreated()); });
        Poco::JSON::Object feature;
        feature.set("greeting", greeter->greet("world"));
        context.declareFeature(feature);
    }
    void start() override { _journal.record("start"); }
    void stop() override { _journal.record("stop"); }

private:
    Journal _journal;
    std::shared_ptr<Greeter> _greeter;
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::GreeterPlugin)
