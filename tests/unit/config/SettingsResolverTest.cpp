#include <sys/stat.h>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Message.h>

#include "ConfigFixtures.h"
#include "TempDir.h"
#include "config/SettingsResolver.h"

namespace sockstream::core {
namespace {

using test::environmentOf;

using ::testing::HasSubstr;

/// Keeps what a logger wrote, to check that generating a secret is logged.
class CapturingChannel : public Poco::Channel {
public:
    void log(const Poco::Message& message) override {
        std::lock_guard lock(_mutex);
        _lines.push_back(message.getText());
    }
    std::vector<std::string> lines() const {
        std::lock_guard lock(_mutex);
        return _lines;
    }

private:
    mutable std::mutex _mutex;
    std::vector<std::string> _lines;
};

class SettingsResolverTest : public ::testing::Test {
protected:
    SettingsResolverTest() : _logger(Poco::Logger::get("test.settings")), _channel(new CapturingChannel) {
        _logger.setChannel(_channel);
        _logger.setLevel(Poco::Message::PRIO_TRACE);
        config.sourceFile = "site.json";
        config.dataDir = (dir.path() / "data").string();
    }

    Settings resolve(std::map<std::string, std::string> env = {}) {
        return resolveSettings(config, environmentOf(std::move(env)), _logger);
    }
    std::string readSecretsFile() const {
        std::ifstream in(dir.path() / "data" / "secrets.json");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    std::vector<std::string> logLines() const { return _channel->lines(); }

    test::TempDir dir;
    ServerConfig config;

private:
    Poco::Logger& _logger;
    Poco::AutoPtr<CapturingChannel> _channel;
};

TEST(ApplyEnvironment, OverridesPortDataDirAndPublicUrl) {
    ServerConfig config;
    applyEnvironment(config, environmentOf({{"SOCKSTREAM_HTTP_PORT", "9191"},
                                          {"SOCKSTREAM_DATA_DIR", "/srv/sockstream"},
                                          {"SOCKSTREAM_PUBLIC_URL", "https://tv.example"}}));
    EXPECT_EQ(config.httpPort, 9191);
    EXPECT_EQ(config.dataDir, "/srv/sockstream");
    EXPECT_EQ(config.publicUrl, "https://tv.example");
}

TEST(ApplyEnvironment, UnsetOrEmptyVariablesKeepTheFileValues) {
    ServerConfig config;
    config.httpPort = 1234;
    config.dataDir = "/from/file";
    applyEnvironment(config, environmentOf({{"SOCKSTREAM_DATA_DIR", ""}}));
    EXPECT_EQ(config.httpPort, 1234);
    EXPECT_EQ(config.dataDir, "/from/file");
}

TEST(ApplyEnvironment, BadPortNamesTheVariable) {
    for (const char* bad : {"http", "80x", "-1", "65536"}) {
        ServerConfig config;
        try {
            applyEnvironment(config, environmentOf({{"SOCKSTREAM_HTTP_PORT", bad}}));
            ADD_FAILURE() << bad << " must be refused";
        } catch (const ConfigError& error) {
            EXPECT_THAT(error.what(), HasSubstr("SOCKSTREAM_HTTP_PORT")) << bad;
            EXPECT_THAT(error.what(), HasSubstr(bad));
        }
    }
}

TEST_F(SettingsResolverTest, DerivesUrlsFromPorts) {
    config.httpPort = 8181;
    config.host = "127.0.0.1";
    Settings settings = resolve();
    EXPECT_EQ(settings.publicUrl, "http://localhost:8181");
    EXPECT_EQ(settings.publicHost, "localhost") << "ingest plugins build their URLs from it";
    EXPECT_EQ(settings.httpHost, "127.0.0.1");
    EXPECT_FALSE(settings.secureCookies());
    EXPECT_EQ(settings.dataDir, (dir.path() / "data").string());
}

TEST_F(SettingsResolverTest, PublicUrlLosesTrailingSlashesAndDecidesCookieSecurity) {
    config.publicUrl = "https://tv.example/";
    Settings settings = resolve();
    EXPECT_EQ(settings.publicUrl, "https://tv.example");
    EXPECT_EQ(settings.publicHost, "tv.example");
    EXPECT_TRUE(settings.secureCookies());
}

TEST_F(SettingsResolverTest, AnIpv6PublicHostKeepsItsBrackets) {
    config.publicUrl = "http://[::1]:8080";
    EXPECT_EQ(resolve().publicHost, "[::1]");
}

TEST_F(SettingsResolverTest, BadPublicUrlNamesFileAndKey) {
    config.publicUrl = "ftp://tv.example";
    try {
        resolve();
        FAIL() << "ftp:// must be refused";
    } catch (const ConfigError& error) {
        EXPECT_THAT(error.what(), HasSubstr("site.json: server.publicUrl"));
        EXPECT_THAT(error.what(), HasSubstr("http:// or https://"));
    }
}

TEST_F(SettingsResolverTest, BadHttpPortNamesTheVariable) {
    EXPECT_THROW(
        {
            try {
                applyEnvironment(config, environmentOf({{"SOCKSTREAM_HTTP_PORT", "http"}}));
            } catch (const ConfigError& error) {
                EXPECT_THAT(error.what(), HasSubstr("SOCKSTREAM_HTTP_PORT"));
                throw;
            }
        },
        ConfigError);
}

TEST_F(SettingsResolverTest, UncreatableDataDirNamesFileAndKey) {
    std::string blocker = dir.write("blocker", "a file, not a directory");
    config.dataDir = blocker + "/data";
    try {
        resolve();
        FAIL() << "a data dir under a file cannot be created";
    } catch (const ConfigError& error) {
        EXPECT_THAT(error.what(), HasSubstr("site.json: server.dataDir"));
    }
}

TEST_F(SettingsResolverTest, SecretsAreGeneratedOncePrivatelyAndReused) {
    Settings first = resolve();
    EXPECT_GE(first.authSecret.size(), 32u);
    EXPECT_GE(first.streamKeySecret.size(), 32u);
    EXPECT_NE(first.authSecret, first.streamKeySecret);

    struct stat info{};
    ASSERT_EQ(::stat((dir.path() / "data" / "secrets.json").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    auto lines = logLines();
    int generated = 0;
    for (const auto& line : lines) generated += line.find("generated a new") != std::string::npos ? 1 : 0;
    EXPECT_EQ(generated, 2) << "the log says each secret was generated";

    Settings second = resolve();
    EXPECT_EQ(second.authSecret, first.authSecret);
    EXPECT_EQ(second.streamKeySecret, first.streamKeySecret);
    EXPECT_EQ(logLines().size(), lines.size()) << "reusing secrets logs nothing new";
}

TEST_F(SettingsResolverTest, EnvironmentSecretsWinAndAreNotWritten) {
    Settings settings = resolve({{"SOCKSTREAM_AUTH_SECRET", "from-the-environment"}});
    EXPECT_EQ(settings.authSecret, "from-the-environment");
    EXPECT_FALSE(settings.streamKeySecret.empty());
    std::string stored = readSecretsFile();
    EXPECT_EQ(stored.find("from-the-environment"), std::string::npos);
    EXPECT_NE(stored.find(settings.streamKeySecret), std::string::npos);

    Settings again = resolve({{"SOCKSTREAM_STREAM_KEY_SECRET", "key-secret-env"}});
    EXPECT_EQ(again.streamKeySecret, "key-secret-env");
    EXPECT_NE(again.authSecret, "from-the-environment");
    EXPECT_FALSE(again.authSecret.empty());
}

TEST_F(SettingsResolverTest, CorruptSecretsFileIsNamed) {
    std::filesystem::create_directories(dir.path() / "data");
    dir.write("data/secrets.json", "{not json");
    try {
        resolve();
        FAIL() << "a corrupt secrets file must be an error";
    } catch (const ConfigError& error) {
        EXPECT_THAT(error.what(), HasSubstr("secrets.json"));
    }
}

}  // namespace
}  // namespace sockstream::core
