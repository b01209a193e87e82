// test-abi-mismatch: compiled with SOCKSTREAM_ABI_HASH forced to another value,
// as if built against different SDK headers; the host must refuse it.
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class AbiMismatchPlugin : public Plugin {
public:
    void init(PluginContext&) override {}
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::AbiMismatchPlugin)
