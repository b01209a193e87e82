#pragma once

#include <string>

#include <Poco/Util/ServerApplication.h>

#include "sockstream/Export.h"

namespace sockstream::core {

/// The sockstream executable: options, logging, and the server's lifetime
/// from start-up to SIGINT/SIGTERM. Exported from the core library: the one
/// internal class the executable (core/src/main.cpp) uses.
class SOCKSTREAM_API SockStreamApp : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const std::vector<std::string>& args) override;

private:
    void configureLogging(const std::string& level);
    std::string _configFile = "config/sockstream.json";
    bool _exitEarly = false;
};

}  // namespace sockstream::core
