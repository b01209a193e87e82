#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "Argon2Parameters.h"

namespace sockstream::authpassword {

/// Inputs of one raw Argon2id computation (RFC 9106 section 3.1).
struct Argon2Input {
    std::string_view password;
    std::string_view salt;
    std::string_view secret;          ///< optional key (pepper)
    std::string_view associatedData;  ///< optional
};

enum class VerifyOutcome {
    Mismatch,
    Match,
    MatchNeedsRehash,  ///< correct, but stored with weaker parameters than configured
    Malformed,         ///< the stored string is not an Argon2id PHC string we accept
};

/// Argon2id password hashing with Debian's reference libargon2. Hashing is
/// deliberately slow and memory-hungry: call it from worker threads only.
/// Thread-safe (no mutable state).
class PasswordHasher {
public:
    static constexpr std::size_t kSaltBytes = 16;
    static constexpr std::size_t kHashBytes = 32;

    using RandomSource = std::function<std::string(std::size_t)>;

    /// Throws std::invalid_argument for parameters libargon2 rejects or that are too large.
    PasswordHasher(Argon2Parameters parameters, RandomSource random);

    const Argon2Parameters& parameters() const { return _parameters; }

    /// A PHC string with a fresh salt from the random source.
    std::string hash(std::string_view password) const;
    /// Same, with the caller's salt (tests and known-answer vectors).
    std::string hashWithSalt(std::string_view password, std::string_view salt) const;
    /// Recomputes with the stored parameters and compares in constant time.
    VerifyOutcome verify(std::string_view password, std::string_view phcString) const;

    /// One Argon2id (v1.3) computation; throws std::runtime_error with libargon2's message.
    static std::string deriveRaw(const Argon2Input& input, const Argon2Parameters& parameters,
                                 std::size_t tagBytes);

private:
    Argon2Parameters _parameters;
    RandomSource _random;
};

}  // namespace sockstream::authpassword
