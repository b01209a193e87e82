#include <gtest/gtest.h>

#include "oidc/OidcError.h"
#include "oidc/ProviderMetadata.h"

using namespace sockstream::authgoogle;

namespace {
const std::string kIssuer = "https://accounts.example";

std::string document(const std::string& extra = "", const std::string& issuer = kIssuer,
                     const std::string& jwks = "https://accounts.example/jwks") {
    return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"https://accounts.example/auth\","
           "\"token_endpoint\":\"https://accounts.example/token\",\"jwks_uri\":\"" + jwks + "\"" + extra + "}";
}

void expectRefused(const std::string& json, const std::string& why) {
    try {
        ProviderMetadata::parse(json, kIssuer);
        ADD_FAILURE() << "accepted: " << json;
    } catch (const OidcError& e) {
        EXPECT_EQ(e.code(), "invalid_discovery");
        EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(ProviderMetadata, ReadsTheEndpoints) {
    auto m = ProviderMetadata::parse(document(",\"token_endpoint_auth_methods_supported\":[\"client_secret_post\"],"
                                              "\"authorization_response_iss_parameter_supported\":true,"
                                              "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]"),
                                     kIssuer);
    EXPECT_EQ(m.issuer, kIssuer);
    EXPECT_EQ(m.authorizationEndpoint, "https://accounts.example/auth");
    EXPECT_EQ(m.tokenEndpoint, "https://accounts.example/token");
    EXPECT_EQ(m.jwksUri, "https://accounts.example/jwks");
    EXPECT_EQ(m.tokenEndpointAuthMethods, std::vector<std::string>{"client_secret_post"});
    EXPECT_TRUE(m.issuerInAuthorizationResponse);
    EXPECT_EQ(m.userinfoEndpoint, "");
    EXPECT_EQ(ProviderMetadata::parse(document(",\"userinfo_endpoint\":\"https://accounts.example/me\""), kIssuer)
                  .userinfoEndpoint,
              "https://accounts.example/me");
    expectRefused(document(",\"userinfo_endpoint\":\"http://accounts.example/me\""), "userinfo_endpoint must be an https URL");
}

TEST(ProviderMetadata, RefusesAnotherIssuer) {
    expectRefused(document("", "https://evil.example"), "not the configured issuer");
    expectRefused(document("", kIssuer + "/"), "not the configured issuer");
    expectRefused("{\"authorization_endpoint\":\"https://a/\"}", "missing issuer");
}

TEST(ProviderMetadata, RefusesNonHttpsOrMissingEndpoints) {
    expectRefused(document("", kIssuer, "http://accounts.example/jwks"), "jwks_uri must be an https URL");
    expectRefused(document("", kIssuer, "https://accounts.example/jwks#frag"), "jwks_uri");
    expectRefused(document("", kIssuer, ""), "missing jwks_uri");
    expectRefused("{\"issuer\":\"" + kIssuer + "\"}", "missing authorization_endpoint");
}

TEST(ProviderMetadata, RefusesProvidersWithoutRs256) {
    expectRefused(document(",\"id_token_signing_alg_values_supported\":[\"HS256\",\"none\"]"), "RS256");
}

TEST(ProviderMetadata, RefusesMalformedDocuments) {
    expectRefused("", "malformed JSON");
    expectRefused("[]", "not an object");
    expectRefused("{\"issuer\":", "malformed JSON");
    expectRefused(std::string(ProviderMetadata::kMaxBytes + 1, ' '), "larger than");
    expectRefused(std::string(100, '[') + std::string(100, ']'), "malformed JSON");
}
