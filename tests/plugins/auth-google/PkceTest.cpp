#include <gtest/gtest.h>

#include "oidc/Pkce.h"

using sockstream::authgoogle::Pkce;

TEST(Pkce, MatchesRfc7636AppendixB) {
    EXPECT_EQ(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, GeneratesFreshVerifiersOfAllowedLength) {
    Pkce a = Pkce::generate();
    Pkce b = Pkce::generate();
    EXPECT_NE(a.verifier, b.verifier);
    EXPECT_GE(a.verifier.size(), 43u);
    EXPECT_LE(a.verifier.size(), 128u);
    EXPECT_EQ(a.challenge, Pkce::challengeFor(a.verifier));
    EXPECT_NE(a.challenge, a.verifier);
}
