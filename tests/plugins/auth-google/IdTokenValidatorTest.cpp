#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include "TestKeys.h"
#include "oidc/IdTokenValidator.h"
#include "oidc/JsonWebKeySet.h"
#include "oidc/OidcError.h"

using namespace sockstream::authgoogle;
namespace t = sockstream::authgoogle::test;

namespace {
const std::string kIssuer = "https://issuer.test";
const std::string kClient = "client-123";
const std::string kNonce = "nonce-abc";

class IdTokenValidatorTest : public ::testing::Test {
protected:
    IdTokenValidatorTest() : keys(JsonWebKeySet::parse(t::jwksJson("k1", 0))) {
        now = std::chrono::system_clock::now();
        nowSeconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        header.set("alg", "RS256");
        header.set("kid", "k1");
        header.set("typ", "JWT");
        payload.set("iss", kIssuer);
        payload.set("aud", kClient);
        payload.set("sub", "1234567890");
        payload.set("exp", nowSeconds + 300);
        payload.set("iat", nowSeconds - 5);
        payload.set("nonce", kNonce);
        payload.set("email", "Alice@Example.com");
        payload.set("email_verified", true);
        payload.set("name", "Alice");
        payload.set("picture", "https://pics.example/alice.png");
        expected.issuer = kIssuer;
        expected.clientId = kClient;
        expected.nonce = kNonce;
        expected.now = now;
    }

    IdTokenClaims validate(const std::string& token) {
        return IdTokenValidator::validate(token, [this](const std::string& kid) { return keys.find(kid); }, expected);
    }
    std::string sign(int which = 0, const std::string& hmacKey = "") { return t::signToken(header, payload, which, hmacKey); }
    void expectRefused(const std::string& token, const std::string& why) {
        try {
            validate(token);
            ADD_FAILURE() << "token accepted, expected refusal: " << why;
        } catch (const OidcError& e) {
            EXPECT_EQ(e.code(), "invalid_id_token");
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
        }
    }

    JsonWebKeySet keys;
    std::chrono::system_clock::time_point now;
    long long nowSeconds = 0;
    Poco::JSON::Object header;
    Poco::JSON::Object payload;
    IdTokenExpectations expected;
};
}  // namespace

TEST_F(IdTokenValidatorTest, AcceptsAValidToken) {
    IdTokenClaims claims = validate(sign());
    EXPECT_EQ(claims.issuer, kIssuer);
    EXPECT_EQ(claims.subject, "1234567890");
    EXPECT_EQ(claims.email.value_or(""), "Alice@Example.com");
    EXPECT_TRUE(claims.emailVerified);
    EXPECT_EQ(claims.name, "Alice");
    EXPECT_EQ(claims.picture, "https://pics.example/alice.png");
}

TEST_F(IdTokenValidatorTest, RefusesAlgNone) {
    header.set("alg", "none");
    expectRefused(t::signToken(header, payload), "unsigned token");
    // Even with a signature part present, "none" is not an accepted algorithm.
    expectRefused(t::signToken(header, payload) + "AAAA", "not accepted");
}

TEST_F(IdTokenValidatorTest, RefusesHs256SignedWithTheClientSecret) {
    header.set("alg", "HS256");
    expectRefused(sign(0, "client-secret"), "not accepted");
}

TEST_F(IdTokenValidatorTest, RefusesHs256SignedWithThePublicKey) {
    header.set("alg", "HS256");
    std::ostringstream pem;
    t::rsaKey(0)->save(&pem);
    expectRefused(sign(0, pem.str()), "not accepted");
}

TEST_F(IdTokenValidatorTest, RefusesOtherAndUnknownAlgorithms) {
    header.set("alg", "RS512");
    expectRefused(sign(), "not accepted");
    header.set("alg", "ES256");
    expectRefused(sign(), "not accepted");
    header.set("alg", "rs256");
    expectRefused(sign(), "not accepted");
    header.remove("alg");
    expectRefused(sign(), "alg is missing");
    header.set("alg", 256);
    expectRefused(sign(), "alg is missing");
}

TEST_F(IdTokenValidatorTest, RefusesUnknownKidAndForeignKey) {
    header.set("kid", "other");
    expectRefused(sign(), "unknown key");
    header.set("kid", "k1");
    expectRefused(sign(1), "bad signature");
}

TEST_F(IdTokenValidatorTest, RefusesTamperedPayload) {
    std::string token = sign();
    payload.set("sub", "someone-else");
    std::string forged = t::signToken(header, payload);
    auto dot1 = token.find('.');
    auto dot2 = token.rfind('.');
    auto fdot1 = forged.find('.');
    auto fdot2 = forged.rfind('.');
    expectRefused(token.substr(0, dot1) + forged.substr(fdot1, fdot2 - fdot1) + token.substr(dot2), "bad signature");
}

TEST_F(IdTokenValidatorTest, RefusesMalformedStructure) {
    std::string token = sign();
    expectRefused(token.substr(0, token.rfind('.')), "three parts");
    expectRefused(token + ".extra", "three parts");
    expectRefused(token.substr(token.find('.')), "empty header");
    expectRefused("!!!." + token.substr(token.find('.') + 1), "header is not base64url JSON");
    expectRefused(std::string(IdTokenValidator::kMaxTokenBytes + 1, 'a'), "too large");
    expectRefused("", "three parts");
}

TEST_F(IdTokenValidatorTest, RefusesCriticalHeaders) {
    Poco::JSON::Array::Ptr crit = new Poco::JSON::Array;
    crit->add("exp");
    header.set("crit", crit);
    expectRefused(sign(), "critical");
}

TEST_F(IdTokenValidatorTest, RefusesWrongIssuer) {
    payload.set("iss", "https://issuer.test/");
    expectRefused(sign(), "wrong issuer");
    payload.remove("iss");
    expectRefused(sign(), "wrong issuer");
}

TEST_F(IdTokenValidatorTest, RefusesWrongAudience) {
    payload.set("aud", "another-client");
    expectRefused(sign(), "aud");
    payload.remove("aud");
    expectRefused(sign(), "aud is missing");
}

TEST_F(IdTokenValidatorTest, ChecksAzpWithSeveralAudiences) {
    Poco::JSON::Array::Ptr aud = new Poco::JSON::Array;
    aud->add(kClient);
    aud->add("other");
    payload.set("aud", aud);
    expectRefused(sign(), "no azp");
    payload.set("azp", "other");
    expectRefused(sign(), "azp");
    payload.set("azp", kClient);
    EXPECT_NO_THROW(validate(sign()));
}

TEST_F(IdTokenValidatorTest, RefusesExpiredTokens) {
    payload.set("exp", nowSeconds - 61);
    expectRefused(sign(), "expired");
    payload.set("exp", nowSeconds - 30);  // within the clock skew
    EXPECT_NO_THROW(validate(sign()));
    payload.remove("exp");
    expectRefused(sign(), "exp is missing");
    payload.set("exp", "soon");
    expectRefused(sign(), "exp is missing");
}

TEST_F(IdTokenValidatorTest, ChecksIssuedAt) {
    payload.set("iat", nowSeconds + 120);
    expectRefused(sign(), "in the future");
    payload.set("iat", nowSeconds - 3600);
    expectRefused(sign(), "too long ago");
    payload.remove("iat");
    expectRefused(sign(), "iat is missing");
}

TEST_F(IdTokenValidatorTest, ChecksNotBefore) {
    payload.set("nbf", nowSeconds + 300);
    expectRefused(sign(), "not valid yet");
    payload.set("nbf", nowSeconds - 1);
    EXPECT_NO_THROW(validate(sign()));
}

TEST_F(IdTokenValidatorTest, RefusesWrongOrMissingNonce) {
    payload.set("nonce", "nonce-abd");
    expectRefused(sign(), "nonce");
    payload.remove("nonce");
    expectRefused(sign(), "nonce");
    payload.set("nonce", "");
    expected.nonce = "";
    expectRefused(sign(), "nonce");
}

TEST_F(IdTokenValidatorTest, RefusesMissingOrOversizedSubject) {
    payload.remove("sub");
    expectRefused(sign(), "sub");
    payload.set("sub", "");
    expectRefused(sign(), "sub");
    payload.set("sub", std::string(256, 'x'));
    expectRefused(sign(), "sub");
}

TEST_F(IdTokenValidatorTest, EnforcesHostedDomains) {
    expected.allowedHostedDomains = {"example.com"};
    expectRefused(sign(), "no allowed domain");
    payload.set("hd", "evil.com");
    expectRefused(sign(), "not allowed");
    payload.set("hd", "Example.COM");
    EXPECT_EQ(validate(sign()).hostedDomain.value_or(""), "Example.COM");
}

TEST_F(IdTokenValidatorTest, ReadsEmailVerifiedVariants) {
    payload.set("email_verified", "true");
    EXPECT_TRUE(validate(sign()).emailVerified);
    payload.set("email_verified", false);
    EXPECT_FALSE(validate(sign()).emailVerified);
    payload.remove("email_verified");
    EXPECT_FALSE(validate(sign()).emailVerified);
}

TEST_F(IdTokenValidatorTest, DropsNonHttpsPictures) {
    payload.set("picture", "javascript:alert(1)");
    EXPECT_EQ(validate(sign()).picture, "");
}

TEST_F(IdTokenValidatorTest, UsesTheOnlyKeyWhenKidIsAbsent) {
    header.remove("kid");
    EXPECT_NO_THROW(validate(sign()));
}
