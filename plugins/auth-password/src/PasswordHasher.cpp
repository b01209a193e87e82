#include "PasswordHasher.h"

#include <stdexcept>

#include <argon2.h>
#include <openssl/crypto.h>

#include "PhcString.h"

namespace sockstream::authpassword {
namespace {

std::uint8_t* bytes(std::string_view text) {
    // libargon2 takes non-const pointers but only writes through them with the
    // ARGON2_FLAG_CLEAR_* flags, which we never set.
    return reinterpret_cast<std::uint8_t*>(const_cast<char*>(text.data()));
}

}  // namespace

PasswordHasher::PasswordHasher(Argon2Parameters parameters, RandomSource random)
    : _parameters(parameters), _random(std::move(random)) {
    if (_parameters.parallelism < 1 || _parameters.parallelism > PhcString::kMaxParallelism ||
        _parameters.iterations < 1 || _parameters.iterations > PhcString::kMaxIterations ||
        _parameters.memoryKiB < 8 * _parameters.parallelism ||
        _parameters.memoryKiB > PhcString::kMaxMemoryKiB)
        throw std::invalid_argument("Argon2id parameters out of range");
    if (!_random) throw std::invalid_argument("PasswordHasher needs a random source");
}

std::string PasswordHasher::hash(std::string_view password) const {
    const std::string salt = _random(kSaltBytes);
    if (salt.size() != kSaltBytes) throw std::runtime_error("random source returned a short salt");
    return hashWithSalt(password, salt);
}

std::string PasswordHasher::hashWithSalt(std::string_view password, std::string_view salt) const {
    PhcString phc;
    phc.parameters = _parameters;
    phc.salt = std::string(salt);
    phc.hash = deriveRaw({password, salt, {}, {}}, _parameters, kHashBytes);
    return phc.format();
}

VerifyOutcome PasswordHasher::verify(std::string_view password, std::string_view phcString) const {
    const auto stored = PhcString::parse(phcString);
    if (!stored) return VerifyOutcome::Malformed;
    const std::string computed =
        deriveRaw({password, stored->salt, {}, {}}, stored->parameters, stored->hash.size());
    if (CRYPTO_memcmp(computed.data(), stored->hash.data(), computed.size()) != 0)
        return VerifyOutcome::Mismatch;
    const bool weaker = _parameters.isStrongerThan(stored->parameters) ||
                        stored->salt.size() < kSaltBytes || stored->hash.size() < kHashBytes;
    return weaker ? VerifyOutcome::MatchNeedsRehash : VerifyOutcome::Match;
}

std::string PasswordHasher::deriveRaw(const Argon2Input& input, const Argon2Parameters& parameters,
                                      std::size_t tagBytes) {
    std::string tag(tagBytes, '\0');
    argon2_context context{};
    context.out = reinterpret_cast<std::uint8_t*>(tag.data());
    context.outlen = static_cast<std::uint32_t>(tag.size());
    context.pwd = bytes(input.password);
    context.pwdlen = static_cast<std::uint32_t>(input.password.size());
    context.salt = bytes(input.salt);
    context.saltlen = static_cast<std::uint32_t>(input.salt.size());
    context.secret = input.secret.empty() ? nullptr : bytes(input.secret);
    context.secretlen = static_cast<std::uint32_t>(input.secret.size());
    context.ad = input.associatedData.empty() ? nullptr : bytes(input.associatedData);
    context.adlen = static_cast<std::uint32_t>(input.associatedData.size());
    context.t_cost = parameters.iterations;
    context.m_cost = parameters.memoryKiB;
    context.lanes = parameters.parallelism;
    // One thread: the caller is already one of the core's workers; lanes still
    // count in the result, threads do not.
    context.threads = 1;
    context.version = ARGON2_VERSION_13;
    context.flags = ARGON2_DEFAULT_FLAGS;
    const int result = argon2id_ctx(&context);
    if (result != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(result));
    return tag;
}

}  // namespace sockstream::authpassword
