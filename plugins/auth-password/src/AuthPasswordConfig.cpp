#include "AuthPasswordConfig.h"

#include <set>
#include <stdexcept>

#include "PhcString.h"

namespace sockstream::authpassword {
namespace {

void rejectUnknownKeys(const Poco::JSON::Object& json, const std::set<std::string>& known,
                       const std::string& where) {
    for (const auto& [key, value] : json)
        if (!known.count(key)) throw std::invalid_argument("auth-password config: unknown key " + where + key);
}

const Poco::JSON::Object* objectAt(const Poco::JSON::Object& json, const std::string& key) {
    if (!json.has(key)) return nullptr;
    const auto object = json.getObject(key);
    if (!object) throw std::invalid_argument("auth-password config: " + key + " must be an object");
    return object.get();
}

std::int64_t integerAt(const Poco::JSON::Object& json, const std::string& key, std::int64_t fallback,
                       std::int64_t min, std::int64_t max, const std::string& where) {
    if (!json.has(key)) return fallback;
    const Poco::Dynamic::Var value = json.get(key);
    if (!value.isInteger())
        throw std::invalid_argument("auth-password config: " + where + key + " must be an integer");
    const std::int64_t number = value.convert<std::int64_t>();
    if (number < min || number > max)
        throw std::invalid_argument("auth-password config: " + where + key + " must be between " +
                                    std::to_string(min) + " and " + std::to_string(max));
    return number;
}

}  // namespace

AuthPasswordConfig AuthPasswordConfig::fromJson(const Poco::JSON::Object& json) {
    rejectUnknownKeys(json, {"argon2", "rateLimit", "minPasswordScore", "commonPasswordsFile", "maxBodyBytes"}, "");
    AuthPasswordConfig config;

    if (const auto* argon2 = objectAt(json, "argon2")) {
        rejectUnknownKeys(*argon2, {"memoryKiB", "iterations", "parallelism"}, "argon2.");
        config.argon2.memoryKiB = static_cast<std::uint32_t>(integerAt(
            *argon2, "memoryKiB", config.argon2.memoryKiB, kMinMemoryKiB, PhcString::kMaxMemoryKiB, "argon2."));
        config.argon2.iterations = static_cast<std::uint32_t>(integerAt(
            *argon2, "iterations", config.argon2.iterations, kMinIterations, PhcString::kMaxIterations, "argon2."));
        // One lane: hashing runs on one of the core's worker threads, and more
        // lanes without more threads only add cost for us, not for an attacker.
        config.argon2.parallelism =
            static_cast<std::uint32_t>(integerAt(*argon2, "parallelism", 1, 1, 1, "argon2."));
    }

    if (const auto* limit = objectAt(json, "rateLimit")) {
        rejectUnknownKeys(*limit,
                          {"enabled", "attempts", "windowSeconds", "maxTrackedKeys", "backoffFreeFailures",
                           "backoffMaxSeconds"},
                          "rateLimit.");
        if (limit->has("enabled")) {
            const Poco::Dynamic::Var enabled = limit->get("enabled");
            if (!enabled.isBoolean())
                throw std::invalid_argument("auth-password config: rateLimit.enabled must be true or false");
            config.rateLimitEnabled = enabled.convert<bool>();
        }
        config.rateLimitAttempts = static_cast<std::size_t>(
            integerAt(*limit, "attempts", 3, 1, 1'000'000, "rateLimit."));
        config.rateLimitWindow = std::chrono::seconds(integerAt(*limit, "windowSeconds", 10, 1, 86'400, "rateLimit."));
        config.rateLimitMaxTrackedKeys = static_cast<std::size_t>(
            integerAt(*limit, "maxTrackedKeys", 100'000, 1, 10'000'000, "rateLimit."));
        config.rateLimitBackoffFreeFailures = static_cast<std::size_t>(
            integerAt(*limit, "backoffFreeFailures", 3, 1, 100, "rateLimit."));
        config.rateLimitBackoffMax =
            std::chrono::seconds(integerAt(*limit, "backoffMaxSeconds", 900, 1, 86'400, "rateLimit."));
    }
    config.minPasswordScore = static_cast<int>(integerAt(json, "minPasswordScore", 3, kMinPasswordScore, 4, ""));

    if (json.has("commonPasswordsFile")) {
        const Poco::Dynamic::Var file = json.get("commonPasswordsFile");
        if (!file.isString() || file.extract<std::string>().empty())
            throw std::invalid_argument("auth-password config: commonPasswordsFile must be a non-empty path");
        config.commonPasswordsFile = file.extract<std::string>();
    }
    config.maxBodyBytes = static_cast<std::size_t>(integerAt(json, "maxBodyBytes", 8192, 1024, 1 << 20, ""));
    return config;
}

}  // namespace sockstream::authpassword
