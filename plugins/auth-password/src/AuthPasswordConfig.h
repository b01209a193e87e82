#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <Poco/JSON/Object.h>

#include "Argon2Parameters.h"

namespace sockstream::authpassword {

/// The plugin's "config" object. Every key is optional; unknown keys and
/// values below the security floor are errors, so a typo cannot silently
/// weaken the defaults.
///
///   {
///     "argon2": { "memoryKiB": 19456, "iterations": 2, "parallelism": 1 },
///     "rateLimit": { "enabled": true, "attempts": 3, "windowSeconds": 10, "maxTrackedKeys": 100000,
///                    "backoffFreeFailures": 3, "backoffMaxSeconds": 900 },
///     "minPasswordScore": 3,
///     "commonPasswordsFile": "/etc/sockstream/common-passwords.txt",
///     "maxBodyBytes": 8192
///   }
struct AuthPasswordConfig {
    static constexpr std::uint32_t kMinMemoryKiB = 19 * 1024;
    static constexpr std::uint32_t kMinIterations = 2;
    /// Below 2 (10^6 guesses) the score would let keyboard walks and single words through.
    static constexpr int kMinPasswordScore = 2;

    Argon2Parameters argon2;
    bool rateLimitEnabled = true;
    std::size_t rateLimitAttempts = 3;
    std::chrono::seconds rateLimitWindow{10};
    std::size_t rateLimitMaxTrackedKeys = 100'000;
    /// Failed sign-ins per (address, account) before the back-off starts.
    std::size_t rateLimitBackoffFreeFailures = 3;
    /// The longest wait of the back-off (it starts at 1 s and doubles).
    std::chrono::seconds rateLimitBackoffMax{900};
    /// The zxcvbn score (0-4) a new password needs.
    int minPasswordScore = 3;
    std::string commonPasswordsFile;  ///< empty: the list installed next to the plugin
    std::size_t maxBodyBytes = 8192;

    /// Throws lib::config::ConfigError (a std::invalid_argument) naming the offending key.
    static AuthPasswordConfig fromJson(const Poco::JSON::Object& json);
};

}  // namespace sockstream::authpassword
