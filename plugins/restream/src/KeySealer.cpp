#include "KeySealer.h"

#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

namespace sockstream::restream {

namespace {

constexpr std::string_view kPrefix = "v1:";
constexpr std::string_view kLabel = "sockstream restream destination keys v1";
constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;

struct CipherDeleter {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter>;

std::string base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> unbase64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::string out(3 * text.size() / 4, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    std::size_t size = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    if (text.back() == '=') --size;
    if (text.size() >= 2 && text[text.size() - 2] == '=') --size;
    out.resize(size);
    return out;
}

}  // namespace

KeySealer::KeySealer(std::string_view serverSecret) {
    if (serverSecret.empty()) throw std::invalid_argument("the server secret is empty");
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> kdf(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr),
                                                                     &EVP_PKEY_CTX_free);
    std::size_t length = sizeof _key;
    if (!kdf || EVP_PKEY_derive_init(kdf.get()) <= 0 || EVP_PKEY_CTX_set_hkdf_md(kdf.get(), EVP_sha256()) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_key(kdf.get(), reinterpret_cast<const unsigned char*>(serverSecret.data()),
                                   static_cast<int>(serverSecret.size())) <= 0 ||
        EVP_PKEY_CTX_add1_hkdf_info(kdf.get(), reinterpret_cast<const unsigned char*>(kLabel.data()),
                                    static_cast<int>(kLabel.size())) <= 0 ||
        EVP_PKEY_derive(kdf.get(), _key, &length) <= 0 || length != sizeof _key)
        throw std::runtime_error("deriving the restream key-encryption key failed (OpenSSL HKDF)");
}

std::string KeySealer::seal(std::string_view plain, std::string_view boundTo) const {
    std::string out(kNonceSize + plain.size() + kTagSize, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    if (RAND_bytes(bytes, kNonceSize) != 1) throw std::runtime_error("no random bytes for a nonce (OpenSSL RAND)");
    CipherPtr cipher(EVP_CIPHER_CTX_new());
    int written = 0;
    if (!cipher || EVP_EncryptInit_ex(cipher.get(), EVP_aes_256_gcm(), nullptr, _key, bytes) != 1 ||
        EVP_EncryptUpdate(cipher.get(), nullptr, &written, reinterpret_cast<const unsigned char*>(boundTo.data()),
                          static_cast<int>(boundTo.size())) != 1 ||
        EVP_EncryptUpdate(cipher.get(), bytes + kNonceSize, &written, reinterpret_cast<const unsigned char*>(plain.data()),
                          static_cast<int>(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(cipher.get(), bytes + kNonceSize + written, &written) != 1 ||
        EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, bytes + kNonceSize + plain.size()) != 1)
        throw std::runtime_error("encrypting a stream key failed (OpenSSL AES-GCM)");
    return std::string(kPrefix) + base64(out);
}

std::optional<std::string> KeySealer::open(std::string_view sealed, std::string_view boundTo) const {
    if (sealed.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    auto raw = unbase64(sealed.substr(kPrefix.size()));
    if (!raw || raw->size() < static_cast<std::size_t>(kNonceSize + kTagSize)) return std::nullopt;
    auto* bytes = reinterpret_cast<unsigned char*>(raw->data());
    const std::size_t length = raw->size() - kNonceSize - kTagSize;
    std::string plain(length, '\0');
    CipherPtr cipher(EVP_CIPHER_CTX_new());
    int written = 0;
    if (!cipher || EVP_DecryptInit_ex(cipher.get(), EVP_aes_256_gcm(), nullptr, _key, bytes) != 1 ||
        EVP_DecryptUpdate(cipher.get(), nullptr, &written, reinterpret_cast<const unsigned char*>(boundTo.data()),
                          static_cast<int>(boundTo.size())) != 1 ||
        EVP_DecryptUpdate(cipher.get(), reinterpret_cast<unsigned char*>(plain.data()), &written, bytes + kNonceSize,
                          static_cast<int>(length)) != 1 ||
        EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, bytes + kNonceSize + length) != 1 ||
        EVP_DecryptFinal_ex(cipher.get(), reinterpret_cast<unsigned char*>(plain.data()) + written, &written) != 1)
        return std::nullopt;
    return plain;
}

}  // namespace sockstream::restream
