#pragma once

#include <cstdint>

namespace sockstream::authpassword {

/// Argon2id cost parameters. The defaults are the OWASP / ASVS 5 minimum
/// (19 MiB, two passes, one lane); raising them makes older hashes rehash at sign-in.
struct Argon2Parameters {
    std::uint32_t memoryKiB = 19 * 1024;
    std::uint32_t iterations = 2;
    std::uint32_t parallelism = 1;

    /// True when `other` costs less than this in any dimension.
    bool isStrongerThan(const Argon2Parameters& other) const {
        return memoryKiB > other.memoryKiB || iterations > other.iterations;
    }
    bool operator==(const Argon2Parameters&) const = default;
};

}  // namespace sockstream::authpassword
