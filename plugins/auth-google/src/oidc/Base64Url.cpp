#include "oidc/Base64Url.h"

#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/MemoryStream.h>

#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

std::string Base64Url::encode(std::string_view bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

std::string Base64Url::decode(std::string_view text, std::size_t maxDecoded) {
    if (text.size() > (maxDecoded / 3 + 1) * 4)
        throw OidcError(400, "invalid_encoding", "base64url value too long");
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) throw OidcError(400, "invalid_encoding", "invalid base64url character");
    }
    // A single leftover character cannot encode a whole byte.
    if (text.size() % 4 == 1) throw OidcError(400, "invalid_encoding", "truncated base64url value");
    try {
        Poco::MemoryInputStream in(text.data(), text.size());
        Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
        std::string out;
        int ch;
        while ((ch = decoder.get()) != EOF) {
            if (out.size() >= maxDecoded) throw OidcError(400, "invalid_encoding", "base64url value too long");
            out.push_back(static_cast<char>(ch));
        }
        return out;
    } catch (const Poco::Exception&) {
        throw OidcError(400, "invalid_encoding", "invalid base64url value");
    }
}

}  // namespace sockstream::authgoogle
