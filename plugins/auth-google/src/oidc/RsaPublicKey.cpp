#include "oidc/RsaPublicKey.h"

#include <memory>

#include <Poco/Crypto/EVPPKey.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

namespace {
struct BnFree { void operator()(BIGNUM* p) const { BN_free(p); } };
struct BldFree { void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); } };
struct ParamFree { void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); } };
struct CtxFree { void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); } };
struct KeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };

[[noreturn]] void refuse(const std::string& why) { throw OidcError(502, "invalid_jwks", "unusable RSA key: " + why); }

std::size_t significantBits(const std::string& bigEndian) {
    std::size_t i = 0;
    while (i < bigEndian.size() && bigEndian[i] == '\0') ++i;
    if (i == bigEndian.size()) return 0;
    std::size_t bits = (bigEndian.size() - i - 1) * 8;
    for (auto top = static_cast<unsigned char>(bigEndian[i]); top; top >>= 1) ++bits;
    return bits;
}
}  // namespace

Poco::SharedPtr<Poco::Crypto::RSAKey> RsaPublicKey::fromModulusExponent(const std::string& modulus,
                                                                        const std::string& exponent) {
    std::size_t nBits = significantBits(modulus);
    if (nBits < kMinModulusBits) refuse("modulus shorter than 2048 bits");
    if (nBits > kMaxModulusBits) refuse("modulus longer than 8192 bits");
    if ((static_cast<unsigned char>(modulus.back()) & 1) == 0) refuse("even modulus");
    std::size_t eBits = significantBits(exponent);
    if (eBits < 2 || eBits > 64) refuse("exponent out of range");
    if ((static_cast<unsigned char>(exponent.back()) & 1) == 0) refuse("even exponent");

    std::unique_ptr<BIGNUM, BnFree> n(BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.data()),
                                                static_cast<int>(modulus.size()), nullptr));
    std::unique_ptr<BIGNUM, BnFree> e(BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent.data()),
                                                static_cast<int>(exponent.size()), nullptr));
    std::unique_ptr<OSSL_PARAM_BLD, BldFree> builder(OSSL_PARAM_BLD_new());
    if (!n || !e || !builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
        refuse("cannot encode parameters");
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(builder.get()));
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        refuse("OpenSSL rejected it");
    std::unique_ptr<EVP_PKEY, KeyFree> key(raw);
    // EVPPKey duplicates the key; ours is freed on return.
    return new Poco::Crypto::RSAKey(Poco::Crypto::EVPPKey(key.get()));
}

}  // namespace sockstream::authgoogle
