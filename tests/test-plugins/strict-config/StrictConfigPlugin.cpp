// test-strict-config: reads its config with the shared strict reader
// (libs/config) after registering a route, so the host must turn the reader's
// error into one line naming file, plugin and key, and remove the route.
#include "sockstream-config/ConfigSection.h"
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class StrictConfigPlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        context.http().get("/api/test/strict-config", [](const HttpRequest&) { return HttpResponse(204); });
        const lib::config::ConfigSection config(context.config());
        config.allowOnly({"greeting", "repeat"});
        _greeting = config.string("greeting", "hello");
        _repeat = config.integer("repeat", 1, 1, 10);
    }

private:
    std::string _greeting;
    std::int64_t _repeat = 1;
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::StrictConfigPlugin)
