#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include "TestKeys.h"
#include "oidc/Base64Url.h"
#include "oidc/JsonWebKeySet.h"
#include "oidc/OidcError.h"
#include "oidc/RsaPublicKey.h"

using namespace sockstream::authgoogle;
namespace t = sockstream::authgoogle::test;

namespace {
std::string setOf(std::initializer_list<Poco::JSON::Object::Ptr> keys) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& key : keys) array->add(key);
    Poco::JSON::Object root;
    root.set("keys", array);
    return t::toJson(root);
}
}  // namespace

TEST(JsonWebKeySet, FindsRsaKeysByKid) {
    auto set = JsonWebKeySet::parse(setOf({t::publicJwk(0, "a"), t::publicJwk(1, "b")}));
    EXPECT_EQ(set.size(), 2u);
    ASSERT_TRUE(set.find("a"));
    EXPECT_EQ(set.find("a")->modulus(), t::rsaKey(0)->modulus());
    EXPECT_EQ(set.find("b")->modulus(), t::rsaKey(1)->modulus());
    EXPECT_FALSE(set.find("c"));
    EXPECT_FALSE(set.find("")) << "no kid is ambiguous with two keys";
}

TEST(JsonWebKeySet, SkipsKeysWeCannotUse) {
    auto enc = t::publicJwk(0, "enc");
    enc->set("use", "enc");
    auto es = t::publicJwk(0, "es");
    es->set("alg", "ES256");
    auto ec = t::publicJwk(0, "ec");
    ec->set("kty", "EC");
    auto noN = t::publicJwk(0, "non");
    noN->remove("n");
    auto badN = t::publicJwk(0, "badn");
    badN->set("n", "not base64url!");
    auto small = t::publicJwk(0, "small");
    small->set("n", Base64Url::encode(std::string(128, '\xff')));  // 1024 bits
    auto evenE = t::publicJwk(0, "evene");
    evenE->set("e", Base64Url::encode(std::string("\x01\x00\x00", 3)));
    auto good = t::publicJwk(0, "good");
    auto set = JsonWebKeySet::parse(setOf({enc, es, ec, noN, badN, small, evenE, good}));
    EXPECT_EQ(set.size(), 1u);
    EXPECT_TRUE(set.find("good"));
    EXPECT_TRUE(set.find("")) << "a single key serves tokens without kid";
}

TEST(JsonWebKeySet, RefusesDocumentsThatAreNotKeySets) {
    EXPECT_THROW(JsonWebKeySet::parse("{}"), OidcError);
    EXPECT_THROW(JsonWebKeySet::parse("{\"keys\":{}}"), OidcError);
    EXPECT_THROW(JsonWebKeySet::parse("[]"), OidcError);
    EXPECT_THROW(JsonWebKeySet::parse("not json"), OidcError);
    EXPECT_THROW(JsonWebKeySet::parse(std::string(JsonWebKeySet::kMaxBytes + 1, ' ')), OidcError);
    EXPECT_EQ(JsonWebKeySet::parse("{\"keys\":[1,\"x\",null]}").size(), 0u);
}

TEST(RsaPublicKey, RefusesWeakOrMalformedParameters) {
    auto n = t::rsaKey(0)->modulus();
    std::string modulus(n.begin(), n.end());
    const std::string e65537("\x01\x00\x01", 3);
    EXPECT_NO_THROW(RsaPublicKey::fromModulusExponent(modulus, e65537));
    EXPECT_THROW(RsaPublicKey::fromModulusExponent(std::string(255, '\xff'), e65537), OidcError);
    EXPECT_THROW(RsaPublicKey::fromModulusExponent(std::string(1100, '\xff'), e65537), OidcError);
    EXPECT_THROW(RsaPublicKey::fromModulusExponent(modulus.substr(0, modulus.size() - 1) + '\x02', e65537), OidcError);
    EXPECT_THROW(RsaPublicKey::fromModulusExponent(modulus, std::string("\x01", 1)), OidcError);
    EXPECT_THROW(RsaPublicKey::fromModulusExponent(modulus, ""), OidcError);
    EXPECT_THROW(RsaPublicKey::fromModulusExponent("", e65537), OidcError);
}
