// test-abi-poco-mismatch: compiled as if against Poco 1.0.0 (SOCKSTREAM_ABI_POCO_VERSION
// forced), with this server's SDK headers; the host must refuse it and say why.
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class AbiPocoMismatchPlugin : public Plugin {
public:
    void init(PluginContext&) override {}
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::AbiPocoMismatchPlugin)
