#include <gtest/gtest.h>

#include <stdexcept>

#include <Poco/JSON/Parser.h>

#include "AuthPasswordConfig.h"

using namespace sockstream::authpassword;

namespace {
AuthPasswordConfig parse(const std::string& json) {
    Poco::JSON::Parser parser;
    return AuthPasswordConfig::fromJson(*parser.parse(json).extract<Poco::JSON::Object::Ptr>());
}
}  // namespace

TEST(AuthPasswordConfig, DefaultsMeetTheSecurityBar) {
    const auto config = parse("{}");
    EXPECT_EQ(config.argon2, (Argon2Parameters{19456, 2, 1}));
    EXPECT_TRUE(config.rateLimitEnabled);
    EXPECT_EQ(config.rateLimitAttempts, 3u);
    EXPECT_EQ(config.rateLimitWindow, std::chrono::seconds(10));
    EXPECT_EQ(config.rateLimitBackoffFreeFailures, 3u);
    EXPECT_EQ(config.rateLimitBackoffMax, std::chrono::seconds(900));
    EXPECT_EQ(config.minPasswordScore, 3);
    EXPECT_TRUE(config.commonPasswordsFile.empty());
}

TEST(AuthPasswordConfig, ReadsEveryKey) {
    const auto config = parse(R"({"argon2":{"memoryKiB":65536,"iterations":3,"parallelism":1},
        "rateLimit":{"enabled":false,"attempts":5,"windowSeconds":60,"maxTrackedKeys":10,
                     "backoffFreeFailures":5,"backoffMaxSeconds":60},
        "minPasswordScore":4,"commonPasswordsFile":"/etc/list.txt","maxBodyBytes":4096})");
    EXPECT_EQ(config.argon2, (Argon2Parameters{65536, 3, 1}));
    EXPECT_FALSE(config.rateLimitEnabled);
    EXPECT_EQ(config.rateLimitAttempts, 5u);
    EXPECT_EQ(config.rateLimitWindow, std::chrono::seconds(60));
    EXPECT_EQ(config.rateLimitMaxTrackedKeys, 10u);
    EXPECT_EQ(config.rateLimitBackoffFreeFailures, 5u);
    EXPECT_EQ(config.rateLimitBackoffMax, std::chrono::seconds(60));
    EXPECT_EQ(config.minPasswordScore, 4);
    EXPECT_EQ(config.commonPasswordsFile, "/etc/list.txt");
    EXPECT_EQ(config.maxBodyBytes, 4096u);
}

class InvalidConfig : public testing::TestWithParam<std::string> {};

TEST_P(InvalidConfig, IsAStartupError) {
    EXPECT_THROW(parse(GetParam()), std::invalid_argument) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    AuthPasswordConfig, InvalidConfig,
    testing::Values(R"({"argon2":{"memoryKiB":19455}})",
                    R"({"argon2":{"iterations":1}})",
                    R"({"argon2":{"parallelism":2}})",
                    R"({"argon2":{"memoryKiB":"19456"}})",
                    R"({"argon2":{"memoryKiB":19456.5}})",
                    R"({"argon2":{"memory":19456}})",
                    R"({"argon2":[]})",
                    R"({"rateLimit":{"enabled":"no"}})",
                    R"({"rateLimit":{"attempts":0}})",
                    R"({"rateLimit":{"windowSeconds":-1}})",
                    R"({"ratelimit":{}})",
                    R"({"rateLimit":{"backoffFreeFailures":0}})",
                    R"({"rateLimit":{"backoffMaxSeconds":0}})",
                    R"({"rateLimit":{"backoff":{}}})",
                    R"({"minPasswordScore":1})",
                    R"({"minPasswordScore":5})",
                    R"({"minPasswordScore":"3"})",
                    R"({"commonPasswordsFile":""})",
                    R"({"commonPasswordsFile":7})",
                    R"({"maxBodyBytes":10})"));
