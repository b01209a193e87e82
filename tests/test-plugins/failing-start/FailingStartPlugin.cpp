// test-failing-start: initialises fine, then fails to start; plugins started
// before it must be stopped again, in reverse order.
#include <stdexcept>

#include "Journal.h"
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class FailingStartPlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        _journal = Journal(context);
        _journal.record("init");
        context.http().get("/api/test/failing-start", [](const HttpRequest&) { return HttpResponse(204); });
    }
    void start() override {
        _journal.record("start");
        throw std::runtime_error("test-failing-start cannot start");
    }
    void stop() override { _journal.record("stop"); }

private:
    Journal _journal;
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::FailingStartPlugin)
