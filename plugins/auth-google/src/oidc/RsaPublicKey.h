#pragma once

#include <string>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>

namespace sockstream::authgoogle {

/// An RSA public key from a JWK's big-endian modulus and exponent (RFC 7518 6.3.1).
/// Poco 1.11 cannot build an RSAKey from n/e, so OpenSSL assembles the EVP key.
class RsaPublicKey {
public:
    static constexpr std::size_t kMinModulusBits = 2048;
    static constexpr std::size_t kMaxModulusBits = 8192;

    /// Throws OidcError(invalid_jwks) for a modulus outside [2048, 8192] bits,
    /// an even modulus, or an exponent that is not an odd number of at most 64 bits.
    static Poco::SharedPtr<Poco::Crypto::RSAKey> fromModulusExponent(const std::string& modulus,
                                                                     const std::string& exponent);
};

}  // namespace sockstream::authgoogle
