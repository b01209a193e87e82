// Feeds untrusted provider documents to every parser of the auth-google library.
// The first byte picks the parser; the rest is the document.
#include <cstddef>
#include <cstdint>
#include <string>

#include "oidc/Base64Url.h"
#include "oidc/IdTokenValidator.h"
#include "oidc/JsonWebKeySet.h"
#include "oidc/OidcError.h"
#include "oidc/ProviderMetadata.h"
#include "oidc/RedirectPath.h"
#include "oidc/TokenResponse.h"
#include "oidc/UserInfo.h"

using namespace sockstream::authgoogle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 7) {
            case 0: ProviderMetadata::parse(input, "https://accounts.google.com"); break;
            case 1: JsonWebKeySet::parse(input); break;
            case 2: TokenResponse::parse(200, input); break;
            case 3: {
                // Any key will do: the header and structure checks run before the signature.
                static const JsonWebKeySet keys = JsonWebKeySet::parse("{\"keys\":[]}");
                IdTokenExpectations expected;
                expected.issuer = "https://accounts.google.com";
                expected.clientId = "client";
                expected.nonce = "nonce";
                IdTokenValidator::validate(input, [](const std::string& kid) { return keys.find(kid); }, expected);
                break;
            }
            case 4: Base64Url::decode(input, 4096); break;
            case 5: {
                std::string path = RedirectPath::sanitize(input);
                if (path != "/" && (path.size() < 2 || path[0] != '/' || path[1] == '/' || path[1] == '\\')) __builtin_trap();
                break;
            }
            case 6: UserInfo::parse(200, input, "subject"); break;
        }
    } catch (const OidcError&) {
    }
    return 0;
}
