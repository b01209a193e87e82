#include <gtest/gtest.h>

#include "oidc/Base64Url.h"
#include "oidc/OidcError.h"

using sockstream::authgoogle::Base64Url;
using sockstream::authgoogle::OidcError;

TEST(Base64Url, RoundTripsEveryByteWithoutPadding) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    const std::string text = Base64Url::encode(bytes);
    EXPECT_EQ(text.find_first_of("+/=\n"), std::string::npos);
    EXPECT_EQ(Base64Url::decode(text, 1024), bytes);
}

TEST(Base64Url, DecodesKnownValue) {
    EXPECT_EQ(Base64Url::decode("eyJhbGciOiJSUzI1NiJ9", 100), "{\"alg\":\"RS256\"}");
}

TEST(Base64Url, RefusesStandardAlphabetPaddingAndWhitespace) {
    EXPECT_THROW(Base64Url::decode("ab+c", 100), OidcError);
    EXPECT_THROW(Base64Url::decode("ab/c", 100), OidcError);
    EXPECT_THROW(Base64Url::decode("abc=", 100), OidcError);
    EXPECT_THROW(Base64Url::decode("ab c", 100), OidcError);
    EXPECT_THROW(Base64Url::decode("ab\nc", 100), OidcError);
}

TEST(Base64Url, RefusesTruncatedAndOversizedInput) {
    EXPECT_THROW(Base64Url::decode("abcde", 100), OidcError);
    EXPECT_THROW(Base64Url::decode(std::string(200, 'A'), 100), OidcError);
    EXPECT_THROW(Base64Url::decode(std::string(140, 'A'), 100), OidcError);
    EXPECT_EQ(Base64Url::decode("", 100), "");
}
