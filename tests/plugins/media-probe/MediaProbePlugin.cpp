// Test-only plugin: never listed in the shipped config.
#include <memory>

#include <Poco/JSON/Array.h>

#include "MediaRecorder.h"
#include "sockstream/SockStream.h"

namespace sockstream::test {

class MediaProbePlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        auto recorder = std::make_shared<MediaRecorder>();
        context.media().addObserver(recorder);
        context.http().get(
            "/test/media/{roomId}",
            [recorder](const HttpRequest& request) {
                auto report = recorder->report(request.param("roomId"));
                if (!report) return HttpResponse::error(404, "not_found", "no media seen for this room");
                return HttpResponse::json(200, report);
            },
            Dispatch::Inline);
        context.http().get(
            "/test/media",
            [recorder](const HttpRequest&) {
                Poco::JSON::Array::Ptr rooms = new Poco::JSON::Array;
                for (const auto& id : recorder->rooms()) rooms->add(id);
                Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                body->set("rooms", rooms);
                return HttpResponse::json(200, body);
            },
            Dispatch::Inline);
    }
};

}  // namespace sockstream::test

SOCKSTREAM_PLUGIN(sockstream::test::MediaProbePlugin)
