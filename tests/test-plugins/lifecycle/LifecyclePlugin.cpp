// test-lifecycle: records init/start/stop in its journal; loaded under several
// names to check the order the host drives plugins in.
#include "Journal.h"
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class LifecyclePlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        _journal = Journal(context);
        _journal.record("init");
    }
    void start() override { _journal.record("start"); }
    void stop() override { _journal.record("stop"); }

private:
    Journal _journal;
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::LifecyclePlugin)
