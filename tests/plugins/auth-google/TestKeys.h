#pragma once

#include <string>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Object.h>
#include <Poco/SharedPtr.h>

namespace sockstream::authgoogle::test {

/// An RSA key pair for signing test tokens, generated once per process.
Poco::SharedPtr<Poco::Crypto::RSAKey> rsaKey(int which = 0);
/// The public JWK of rsaKey(which) with the given kid.
Poco::JSON::Object::Ptr publicJwk(int which, const std::string& kid);
std::string jwksJson(const std::string& kid, int which = 0);

/// Encodes header and payload objects as JSON and signs with `alg` using rsaKey(which)
/// (RS*) or `hmacKey` (HS*); alg "none" yields an unsigned token.
std::string signToken(const Poco::JSON::Object& header, const Poco::JSON::Object& payload,
                      int which = 0, const std::string& hmacKey = "");
std::string toJson(const Poco::JSON::Object& object);

}  // namespace sockstream::authgoogle::test
