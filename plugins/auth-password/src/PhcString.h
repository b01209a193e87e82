#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "Argon2Parameters.h"

namespace sockstream::authpassword {

/// An Argon2id hash in the PHC string format:
///   $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt b64>$<hash b64>
/// (standard base64 alphabet without padding). Strings come from the database,
/// so parsing is strict and bounded: a tampered row cannot make us allocate
/// gigabytes or loop for minutes.
struct PhcString {
    static constexpr std::size_t kMaxLength = 512;
    static constexpr std::uint32_t kMaxMemoryKiB = 1u << 21;  ///< 2 GiB
    static constexpr std::uint32_t kMaxIterations = 64;
    static constexpr std::uint32_t kMaxParallelism = 16;
    static constexpr std::size_t kMinSaltBytes = 8;
    static constexpr std::size_t kMaxSaltBytes = 64;
    static constexpr std::size_t kMinHashBytes = 16;
    static constexpr std::size_t kMaxHashBytes = 64;

    Argon2Parameters parameters;
    std::string salt;  ///< raw bytes
    std::string hash;  ///< raw bytes

    /// nullopt for anything that is not a well-formed, in-limits Argon2id v19 string.
    static std::optional<PhcString> parse(std::string_view text);
    std::string format() const;
};

}  // namespace sockstream::authpassword
