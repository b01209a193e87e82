#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include "FakeProviderHttp.h"
#include "TestKeys.h"
#include "oidc/OidcError.h"
#include "oidc/ProviderDirectory.h"

using namespace sockstream::authgoogle;
using namespace std::chrono_literals;
namespace t = sockstream::authgoogle::test;

namespace {
const std::string kIssuer = "https://op.example";
const std::string kDiscovery = kIssuer + "/.well-known/openid-configuration";
const std::string kJwks = kIssuer + "/jwks";

struct ProviderDirectoryTest : ::testing::Test {
    ProviderDirectoryTest() {
        http.answers[kDiscovery] = {200, "{\"issuer\":\"" + kIssuer + "\",\"authorization_endpoint\":\"" + kIssuer +
                                             "/auth\",\"token_endpoint\":\"" + kIssuer + "/token\",\"jwks_uri\":\"" + kJwks + "\"}"};
        http.answers[kJwks] = {200, t::jwksJson("k1", 0)};
    }
    t::FakeProviderHttp http;
};
}  // namespace

TEST_F(ProviderDirectoryTest, CachesDiscovery) {
    ProviderDirectory directory(http, kIssuer, 3600s);
    EXPECT_EQ(directory.metadata().tokenEndpoint, kIssuer + "/token");
    EXPECT_EQ(directory.metadata().jwksUri, kJwks);
    EXPECT_EQ(http.count(kDiscovery), 1);
}

TEST_F(ProviderDirectoryTest, AcceptsAnIssuerWithTrailingSlashConfigured) {
    ProviderDirectory directory(http, kIssuer + "/", 3600s);
    EXPECT_THROW(directory.metadata(), OidcError) << "the document's issuer must match exactly";
    EXPECT_EQ(http.count(kDiscovery), 1);
}

TEST_F(ProviderDirectoryTest, CachesKeysAndRefetchesOnceForAnUnknownKid) {
    ProviderDirectory directory(http, kIssuer, 3600s);
    EXPECT_TRUE(directory.signingKey("k1"));
    EXPECT_TRUE(directory.signingKey("k1"));
    EXPECT_EQ(directory.jwksFetches(), 1);

    // The provider rotates to k2: the unknown kid triggers exactly one refetch.
    Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
    keys->add(t::publicJwk(0, "k1"));
    keys->add(t::publicJwk(1, "k2"));
    Poco::JSON::Object root;
    root.set("keys", keys);
    http.answers[kJwks] = {200, t::toJson(root)};
    auto k2 = directory.signingKey("k2");
    ASSERT_TRUE(k2);
    EXPECT_EQ(k2->modulus(), t::rsaKey(1)->modulus());
    EXPECT_EQ(directory.jwksFetches(), 2);

    EXPECT_FALSE(directory.signingKey("k3"));
    EXPECT_EQ(directory.jwksFetches(), 3) << "one refetch per unknown kid, not a loop";
}

TEST_F(ProviderDirectoryTest, DoesNotCacheFailures) {
    http.answers[kDiscovery].status = 503;
    ProviderDirectory directory(http, kIssuer, 3600s);
    EXPECT_THROW(directory.metadata(), OidcError);
    http.answers[kDiscovery].status = 200;
    EXPECT_NO_THROW(directory.metadata());
    EXPECT_EQ(http.count(kDiscovery), 2);
}

TEST_F(ProviderDirectoryTest, ReportsUnusableKeySets) {
    http.answers[kJwks] = {500, "oops"};
    ProviderDirectory directory(http, kIssuer, 3600s);
    EXPECT_THROW(directory.signingKey("k1"), OidcError);
    http.answers[kJwks] = {200, "{\"nokeys\":[]}"};
    EXPECT_THROW(directory.signingKey("k1"), OidcError);
}

TEST_F(ProviderDirectoryTest, UnreachableProviderIsAnError) {
    http.answers.clear();
    ProviderDirectory directory(http, kIssuer, 3600s);
    try {
        directory.metadata();
        FAIL();
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "provider_unreachable");
    }
}
