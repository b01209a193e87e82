// test-failing-init: registers things, then refuses to initialise; the host
// must report it and remove what it registered.
#include <stdexcept>

#include "Journal.h"
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class FailingInitPlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        _journal = Journal(context);
        _journal.record("init");
        context.http().get("/api/test/failing-init", [](const HttpRequest&) { return HttpResponse(204); });
        context.events().subscribe<RoomCreated>([](const RoomCreated&) {});
        throw std::runtime_error("test-failing-init refuses to initialise");
    }
    void start() override { _journal.record("start"); }
    void stop() override { _journal.record("stop"); }

private:
    Journal _journal;
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::FailingInitPlugin)
