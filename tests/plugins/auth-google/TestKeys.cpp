#include "TestKeys.h"

#include <map>
#include <mutex>
#include <sstream>

#include <Poco/Crypto/RSADigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "oidc/Base64Url.h"

namespace sockstream::authgoogle::test {

Poco::SharedPtr<Poco::Crypto::RSAKey> rsaKey(int which) {
    static std::mutex mutex;
    static std::map<int, Poco::SharedPtr<Poco::Crypto::RSAKey>> keys;
    std::lock_guard lock(mutex);
    auto& key = keys[which];
    if (!key) key = new Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE);
    return key;
}

Poco::JSON::Object::Ptr publicJwk(int which, const std::string& kid) {
    auto key = rsaKey(which);
    auto n = key->modulus();
    auto e = key->encryptionExponent();
    Poco::JSON::Object::Ptr jwk = new Poco::JSON::Object;
    jwk->set("kty", "RSA");
    jwk->set("kid", kid);
    jwk->set("use", "sig");
    jwk->set("alg", "RS256");
    jwk->set("n", Base64Url::encode(std::string(n.begin(), n.end())));
    jwk->set("e", Base64Url::encode(std::string(e.begin(), e.end())));
    return jwk;
}

std::string jwksJson(const std::string& kid, int which) {
    Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
    keys->add(publicJwk(which, kid));
    Poco::JSON::Object root;
    root.set("keys", keys);
    return toJson(root);
}

std::string toJson(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::string signToken(const Poco::JSON::Object& header, const Poco::JSON::Object& payload, int which,
                      const std::string& hmacKey) {
    const std::string alg = header.has("alg") ? header.getValue<std::string>("alg") : "";
    const std::string input = Base64Url::encode(toJson(header)) + "." + Base64Url::encode(toJson(payload));
    std::string signature;
    if (alg == "RS256" || alg == "RS512") {
        Poco::Crypto::RSADigestEngine engine(*rsaKey(which), alg == "RS256" ? "SHA256" : "SHA512");
        engine.update(input);
        const auto& sig = engine.signature();
        signature = std::string(sig.begin(), sig.end());
    } else if (alg == "HS256") {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        HMAC(EVP_sha256(), hmacKey.data(), static_cast<int>(hmacKey.size()),
             reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest, &length);
        signature = std::string(reinterpret_cast<const char*>(digest), length);
    } else if (alg != "none") {
        signature = "not a real signature";  // algorithms we never accept: only the header matters
    }
    return input + "." + Base64Url::encode(signature);
}

}  // namespace sockstream::authgoogle::test
