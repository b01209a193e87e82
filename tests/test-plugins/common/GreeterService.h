#pragma once

#include <string>
#include <string_view>

namespace sockstream::testplugins {

/// The API test-greeter offers other plugins through PluginContext::services().
/// It lives with the test plugins because it is not part of the SDK.
class GreeterService {
public:
    static constexpr std::string_view kServiceName = "test.greeter";
    virtual ~GreeterService() = default;
    virtual std::string greet(const std::string& name) const = 0;
    /// RoomCreated events seen since the plugin was initialised.
    virtual int roomsCreated() const = 0;
};

}  // namespace sockstream::testplugins
