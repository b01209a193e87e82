// The SDK example: one HTTP route and one event subscription.
//   GET /api/hello  ->  {"message":"Hello from a plugin","roomsCreated":N}
// where N counts the RoomCreated events seen since the server started.
#include <atomic>
#include <memory>

#include <Poco/JSON/Object.h>

#include <sockstream/SockStream.h>

namespace hello {

class HelloPlugin : public sockstream::Plugin {
public:
    void init(sockstream::PluginContext& context) override {
        _logger = &context.logger();
        // The plugin's "config" object from the server's config file.
        _message = context.config().optValue<std::string>("message", "Hello from a plugin");

        // Handlers run on the core's threads: shared state must be thread-safe.
        context.events().subscribe<sockstream::RoomCreated>([this](const sockstream::RoomCreated& event) {
            ++_roomsCreated;
            _logger->information("room created: %s", event.room.title);
        });

        // Inline: the answer comes from memory, so it may run on the I/O thread.
        context.http().get("/api/hello", [this](const sockstream::HttpRequest&) {
            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
            body->set("message", _message);
            body->set("roomsCreated", _roomsCreated.load());
            return sockstream::HttpResponse::json(200, body);
        }, sockstream::Dispatch::Inline);
    }

private:
    std::string _message;
    std::atomic<int> _roomsCreated{0};
    Poco::Logger* _logger = nullptr;
};

}  // namespace hello

SOCKSTREAM_PLUGIN(hello::HelloPlugin)
