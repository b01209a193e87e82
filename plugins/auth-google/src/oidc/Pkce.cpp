#include "oidc/Pkce.h"

#include <Poco/Crypto/DigestEngine.h>

#include "oidc/Base64Url.h"
#include "oidc/SecureRandom.h"

namespace sockstream::authgoogle {

Pkce Pkce::generate() {
    Pkce pkce;
    pkce.verifier = SecureRandom::token(32);
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

std::string Pkce::challengeFor(const std::string& verifier) {
    Poco::Crypto::DigestEngine sha256("SHA256");
    sha256.update(verifier);
    const auto& digest = sha256.digest();
    return Base64Url::encode(std::string(digest.begin(), digest.end()));
}

}  // namespace sockstream::authgoogle
