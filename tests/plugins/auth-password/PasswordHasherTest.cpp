#include <gtest/gtest.h>

#include <stdexcept>

#include "PasswordHasher.h"
#include "PhcString.h"

using namespace sockstream::authpassword;

namespace {

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// Deterministic but distinct salts, so tests can tell two hashes apart.
PasswordHasher::RandomSource counterSource() {
    auto counter = std::make_shared<int>(0);
    return [counter](std::size_t n) { return std::string(n, static_cast<char>('a' + (*counter)++ % 26)); };
}

// Cheap parameters for tests that are not about cost.
constexpr Argon2Parameters kFast{64, 1, 1};

constexpr const char* kLibargon2Reference =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

}  // namespace

// RFC 9106 section 5.3: Argon2id v1.3, 32 KiB, 3 passes, 4 lanes, with secret and associated data.
TEST(PasswordHasher, MatchesTheRfc9106Argon2idVector) {
    const std::string password(32, '\x01');
    const std::string salt(16, '\x02');
    const std::string secret(8, '\x03');
    const std::string associatedData(12, '\x04');
    const std::string tag =
        PasswordHasher::deriveRaw({password, salt, secret, associatedData}, {32, 3, 4}, 32);
    EXPECT_EQ(hex(tag), "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
}

// libargon2's own test vector, through our PHC formatting and parsing.
TEST(PasswordHasher, ReproducesTheLibargon2ReferenceString) {
    PasswordHasher hasher({65536, 2, 1}, counterSource());
    EXPECT_EQ(hasher.hashWithSalt("password", "somesalt"), kLibargon2Reference);
    // Correct, but its 8-byte salt is below the 16 bytes we store: rehash.
    EXPECT_EQ(hasher.verify("password", kLibargon2Reference), VerifyOutcome::MatchNeedsRehash);
    EXPECT_EQ(hasher.verify("passwore", kLibargon2Reference), VerifyOutcome::Mismatch);
}

TEST(PasswordHasher, HashesWithConfiguredParametersAndFreshSalt) {
    PasswordHasher hasher({19456, 2, 1}, counterSource());
    const std::string first = hasher.hash("correct horse battery staple");
    const std::string second = hasher.hash("correct horse battery staple");
    EXPECT_NE(first, second);
    const auto phc = PhcString::parse(first);
    ASSERT_TRUE(phc);
    EXPECT_EQ(phc->parameters, (Argon2Parameters{19456, 2, 1}));
    EXPECT_EQ(phc->salt.size(), PasswordHasher::kSaltBytes);
    EXPECT_EQ(phc->hash.size(), PasswordHasher::kHashBytes);
    EXPECT_EQ(first.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << first;
    EXPECT_EQ(hasher.verify("correct horse battery staple", first), VerifyOutcome::Match);
    EXPECT_EQ(hasher.verify("correct horse battery stapl", first), VerifyOutcome::Mismatch);
}

TEST(PasswordHasher, NeverTruncatesLongPasswords) {
    PasswordHasher hasher(kFast, counterSource());
    const std::string longPassword(4000, 'x');
    const std::string stored = hasher.hash(longPassword);
    EXPECT_EQ(hasher.verify(longPassword, stored), VerifyOutcome::Match);
    EXPECT_EQ(hasher.verify(longPassword + "y", stored), VerifyOutcome::Mismatch);
    EXPECT_EQ(hasher.verify(longPassword.substr(0, 3999), stored), VerifyOutcome::Mismatch);
}

TEST(PasswordHasher, TreatsEmbeddedNulBytesAsPartOfThePassword) {
    PasswordHasher hasher(kFast, counterSource());
    const std::string withNul("abc\0def", 7);
    const std::string stored = hasher.hash(withNul);
    EXPECT_EQ(hasher.verify(withNul, stored), VerifyOutcome::Match);
    EXPECT_EQ(hasher.verify("abc", stored), VerifyOutcome::Mismatch);
}

TEST(PasswordHasher, AsksForARehashWhenStoredParametersAreWeaker) {
    PasswordHasher old({64, 1, 1}, counterSource());
    PasswordHasher current({128, 2, 1}, counterSource());
    const std::string stored = old.hash("a fine password");
    EXPECT_EQ(current.verify("a fine password", stored), VerifyOutcome::MatchNeedsRehash);
    EXPECT_EQ(current.verify("wrong password", stored), VerifyOutcome::Mismatch);
    EXPECT_EQ(current.verify("a fine password", current.hash("a fine password")), VerifyOutcome::Match);
    // Stronger stored parameters (raised, then lowered in config) are kept.
    EXPECT_EQ(old.verify("a fine password", current.hash("a fine password")), VerifyOutcome::Match);
}

TEST(PasswordHasher, AsksForARehashWhenOnlyMemoryIsLower) {
    PasswordHasher old({64, 2, 1}, counterSource());
    PasswordHasher current({128, 2, 1}, counterSource());
    EXPECT_EQ(current.verify("a fine password", old.hash("a fine password")), VerifyOutcome::MatchNeedsRehash);
}

TEST(PasswordHasher, AsksForARehashOfShortSalts) {
    // The reference string has an 8-byte salt; we store 16. Its parameters are stronger than ours.
    PasswordHasher weaker({19456, 2, 1}, counterSource());
    EXPECT_EQ(weaker.verify("password", kLibargon2Reference), VerifyOutcome::MatchNeedsRehash);
    PasswordHasher same({65536, 2, 1}, counterSource());
    const std::string sixteenByteSalt = same.hashWithSalt("password", "0123456789abcdef");
    EXPECT_EQ(weaker.verify("password", sixteenByteSalt), VerifyOutcome::Match);
}

TEST(PasswordHasher, ReportsMalformedStoredStrings) {
    PasswordHasher hasher(kFast, counterSource());
    EXPECT_EQ(hasher.verify("password", ""), VerifyOutcome::Malformed);
    EXPECT_EQ(hasher.verify("password", "$2b$12$abcdefghijklmnopqrstuu"), VerifyOutcome::Malformed);
    EXPECT_EQ(hasher.verify("password", "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA"),
              VerifyOutcome::Malformed);
}

TEST(PasswordHasher, RefusesParametersOutOfRange) {
    EXPECT_THROW(PasswordHasher({4, 2, 1}, counterSource()), std::invalid_argument);
    EXPECT_THROW(PasswordHasher({19456, 0, 1}, counterSource()), std::invalid_argument);
    EXPECT_THROW(PasswordHasher({19456, 2, 0}, counterSource()), std::invalid_argument);
    EXPECT_THROW(PasswordHasher({19456, 2, 1}, nullptr), std::invalid_argument);
}

TEST(PasswordHasher, RefusesAShortSaltFromTheRandomSource) {
    PasswordHasher hasher(kFast, [](std::size_t) { return std::string("short"); });
    EXPECT_THROW(hasher.hash("password"), std::runtime_error);
}
