#include "app/SockStreamApp.h"

#include <filesystem>
#include <iostream>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/PatternFormatter.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include "app/EscapingFormatter.h"
#include "app/Server.h"
#include "plugin/PluginManager.h"
#include "sockstream/Version.h"
#include "sockstream/plugin/Abi.h"

namespace sockstream::core {

using Poco::Util::Option;

void SockStreamApp::defineOptions(Poco::Util::OptionSet& options) {
    ServerApplication::defineOptions(options);
    options.addOption(Option("config", "c", "read the configuration from FILE (default config/sockstream.json)")
                          .required(false).repeatable(false).argument("FILE"));
    options.addOption(Option("help", "h", "show this help and exit").required(false).repeatable(false));
    options.addOption(Option("version", "V", "print the version and exit").required(false).repeatable(false));
}

void SockStreamApp::handleOption(const std::string& name, const std::string& value) {
    ServerApplication::handleOption(name, value);
    if (name == "config") {
        _configFile = value;
    } else if (name == "help") {
        Poco::Util::HelpFormatter help(options());
        help.setCommand(commandName());
        help.setUsage("[--config FILE]");
        // The protocols are the plugins' to name: the core's words stay protocol-neutral.
        help.setHeader("SockStream: a self-hosted live-streaming server (encoders in, browsers out, real-time chat).");
        help.setFooter("Environment: SOCKSTREAM_HTTP_PORT, SOCKSTREAM_DATA_DIR, SOCKSTREAM_PUBLIC_URL, "
                       "SOCKSTREAM_AUTH_SECRET, SOCKSTREAM_STREAM_KEY_SECRET, SOCKSTREAM_DATABASE_URL override "
                       "the file; SOCKSTREAM_<PLUGIN>_<KEY> overrides the config keys a plugin's README lists.");
        help.format(std::cout);
        _exitEarly = true;
        stopOptionsProcessing();
    } else if (name == "version") {
        std::cout << "sockstream " << kVersion << "\n" << "plugin ABI " << kAbiSignature << "\n";
        _exitEarly = true;
        stopOptionsProcessing();
    }
}

void SockStreamApp::configureLogging(const std::string& level) {
    Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel);
    // Client input reaches many log lines: the formatter escapes control characters in every one.
    Poco::AutoPtr<EscapingFormatter> formatter(new EscapingFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t"));
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, console));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(level);
    // Loggers created before this point (static ones) keep their old settings otherwise.
    Poco::Logger::setChannel("", channel);
    Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
}

int SockStreamApp::main(const std::vector<std::string>&) {
    if (_exitEarly) return EXIT_OK;
    ServerConfig config;
    try {
        config = loadServerConfig(_configFile);
    } catch (const std::exception& error) {
        std::cerr << "sockstream: " << error.what() << std::endl;
        return EXIT_CONFIG;
    }
    configureLogging(config.logLevel);

    std::filesystem::path executableDir = std::filesystem::canonical("/proc/self/exe").parent_path();
    Server server(std::move(config), processEnvironment, executableDir);
    try {
        server.start();
    } catch (const ConfigError& error) {
        std::cerr << "sockstream: " << error.what() << std::endl;
        return EXIT_CONFIG;
    } catch (const PluginError& error) {
        std::cerr << "sockstream: " << error.what() << std::endl;
        return EXIT_SOFTWARE;
    } catch (const std::exception& error) {
        std::cerr << "sockstream: cannot start: " << error.what() << std::endl;
        return EXIT_SOFTWARE;
    }
    waitForTerminationRequest();
    server.stop();
    return EXIT_OK;
}

}  // namespace sockstream::core
