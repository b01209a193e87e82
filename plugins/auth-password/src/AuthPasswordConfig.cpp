#include "AuthPasswordConfig.h"

#include "PhcString.h"
#include "sockstream-config/ConfigSection.h"

namespace sockstream::authpassword {

AuthPasswordConfig AuthPasswordConfig::fromJson(const Poco::JSON::Object& json) {
    const lib::config::ConfigSection fields(json);
    fields.allowOnly({"argon2", "rateLimit", "minPasswordScore", "commonPasswordsFile", "maxBodyBytes"});
    AuthPasswordConfig config;

    const auto argon2 = fields.section("argon2");
    argon2.allowOnly({"memoryKiB", "iterations", "parallelism"});
    argon2.readInt("memoryKiB", config.argon2.memoryKiB, kMinMemoryKiB, PhcString::kMaxMemoryKiB);
    argon2.readInt("iterations", config.argon2.iterations, kMinIterations, PhcString::kMaxIterations);
    // One lane: hashing runs on one of the core's worker threads, and more
    // lanes without more threads only add cost for us, not for an attacker.
    config.argon2.parallelism = static_cast<std::uint32_t>(argon2.integer("parallelism", 1, 1, 1));

    const auto limit = fields.section("rateLimit");
    limit.allowOnly({"enabled", "attempts", "windowSeconds", "maxTrackedKeys", "backoffFreeFailures",
                     "backoffMaxSeconds"});
    config.rateLimitEnabled = limit.boolean("enabled", config.rateLimitEnabled);
    limit.readInt("attempts", config.rateLimitAttempts, 1, 1'000'000);
    config.rateLimitWindow = std::chrono::seconds(limit.integer("windowSeconds", config.rateLimitWindow.count(), 1, 86'400));
    limit.readInt("maxTrackedKeys", config.rateLimitMaxTrackedKeys, 1, 10'000'000);
    limit.readInt("backoffFreeFailures", config.rateLimitBackoffFreeFailures, 1, 100);
    config.rateLimitBackoffMax =
        std::chrono::seconds(limit.integer("backoffMaxSeconds", config.rateLimitBackoffMax.count(), 1, 86'400));

    fields.readInt("minPasswordScore", config.minPasswordScore, kMinPasswordScore, 4);
    config.commonPasswordsFile = fields.string("commonPasswordsFile", "");
    if (fields.has("commonPasswordsFile") && config.commonPasswordsFile.empty())
        fields.fail("commonPasswordsFile", "must be a non-empty path");
    fields.readInt("maxBodyBytes", config.maxBodyBytes, 1024, 1 << 20);
    return config;
}

}  // namespace sockstream::authpassword
