#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "RestreamConfig.h"

using namespace sockstream::restream;

namespace {

RestreamConfig parse(const std::string& text) {
    return RestreamConfig::parse(*Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>());
}

std::string errorOf(const std::string& text) {
    try {
        parse(text);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(RestreamConfig, DefaultsAreSensible) {
    const auto config = parse("{}");
    EXPECT_EQ(config.maxDestinationsPerRoom, 5u);
    EXPECT_EQ(config.worker.maxQueuedPackets, 600u);
    EXPECT_EQ(config.worker.backoffMin.count(), 1000);
    EXPECT_EQ(config.worker.backoffMax.count(), 60000);
    EXPECT_EQ(config.worker.connectTimeout.count(), 10000);
}

TEST(RestreamConfig, ReadsEveryKey) {
    const auto config = parse(R"({"maxDestinationsPerRoom": 3, "maxQueuedPackets": 100, "reconnectMinMilliseconds": 200,
        "reconnectMaxMilliseconds": 9000, "connectTimeoutMilliseconds": 2500, "writeTimeoutMilliseconds": 3000})");
    EXPECT_EQ(config.maxDestinationsPerRoom, 3u);
    EXPECT_EQ(config.worker.maxQueuedPackets, 100u);
    EXPECT_EQ(config.worker.backoffMin.count(), 200);
    EXPECT_EQ(config.worker.backoffMax.count(), 9000);
    EXPECT_EQ(config.worker.connectTimeout.count(), 2500);
    EXPECT_EQ(config.worker.writeTimeout.count(), 3000);
}

TEST(RestreamConfig, RefusesTyposAndNonsense) {
    EXPECT_NE(errorOf(R"({"maxDestinationPerRoom": 3})").find("maxDestinationsPerRoom"), std::string::npos);
    EXPECT_NE(errorOf(R"({"maxQueuedPackets": 1})"), "");
    EXPECT_NE(errorOf(R"({"reconnectMinMilliseconds": 5000, "reconnectMaxMilliseconds": 1000})").find("reconnectMax"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"connectTimeoutMilliseconds": "10"})"), "");
}

TEST(RestreamConfig, TlsCaFileMustBeReadableAtStartUp) {
    EXPECT_EQ(parse("{}").worker.tlsCaFile, "");  // the system's trust store
    const auto missing = errorOf(R"({"tlsCaFile": "/nonexistent/restream-ca.pem"})");
    EXPECT_NE(missing.find("tlsCaFile"), std::string::npos) << missing;
    EXPECT_NE(missing.find("cannot read"), std::string::npos) << missing;
    EXPECT_NE(errorOf(R"({"tlsCaFile": 5})"), "");
    const std::string readable = ::testing::TempDir() + "restream-ca-test.pem";
    { std::ofstream(readable) << "-----BEGIN CERTIFICATE-----\n"; }
    EXPECT_EQ(parse(R"({"tlsCaFile": ")" + readable + R"("})").worker.tlsCaFile, readable);
    std::remove(readable.c_str());
}
