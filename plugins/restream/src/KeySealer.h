#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sockstream::restream {

/// Encrypts destination stream keys for the database: AES-256-GCM under a key
/// derived (HKDF-SHA256, own label) from the server's secret, so a copy of the
/// database alone does not reveal them, and a key sealed for one room cannot
/// be moved to another row unnoticed (the row's id is authenticated data).
/// Text out: "v1:" + base64(nonce | ciphertext | tag). Thread-safe (no state
/// after construction).
class KeySealer {
public:
    explicit KeySealer(std::string_view serverSecret);

    std::string seal(std::string_view plain, std::string_view boundTo) const;
    /// Nothing when the text was not sealed by this server secret for `boundTo`
    /// (the secret changed, or the row was tampered with).
    std::optional<std::string> open(std::string_view sealed, std::string_view boundTo) const;

private:
    unsigned char _key[32];
};

}  // namespace sockstream::restream
