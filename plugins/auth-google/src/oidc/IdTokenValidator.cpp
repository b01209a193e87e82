#include "oidc/IdTokenValidator.h"

#include <algorithm>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/JWT/Signer.h>
#include <Poco/String.h>
#include <openssl/crypto.h>

#include "oidc/Base64Url.h"
#include "oidc/JsonDocument.h"
#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

namespace {
[[noreturn]] void refuse(const std::string& why) { throw OidcError(401, "invalid_id_token", "ID token refused: " + why); }

bool sameSecret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

JsonDocument decodePart(const std::string& part, const char* what) {
    try {
        return JsonDocument::parse(Base64Url::decode(part, IdTokenValidator::kMaxTokenBytes),
                                   IdTokenValidator::kMaxTokenBytes, 401, "invalid_id_token", 8);
    } catch (const OidcError& e) {
        refuse(std::string(what) + " is not base64url JSON (" + e.what() + ")");
    }
}

std::vector<std::string> audiences(const JsonDocument& payload) {
    if (auto single = payload.string("aud")) return {*single};
    if (auto many = payload.stringArray("aud")) return *many;
    refuse("aud is missing");
}

}  // namespace

IdTokenClaims IdTokenValidator::validate(const std::string& token, const KeyLookup& keys,
                                         const IdTokenExpectations& expected) {
    if (token.size() > kMaxTokenBytes) refuse("token too large");
    const auto firstDot = token.find('.');
    const auto secondDot = firstDot == std::string::npos ? std::string::npos : token.find('.', firstDot + 1);
    if (secondDot == std::string::npos || token.find('.', secondDot + 1) != std::string::npos)
        refuse("not a compact JWS with three parts");
    const std::string headerPart = token.substr(0, firstDot);
    const std::string payloadPart = token.substr(firstDot + 1, secondDot - firstDot - 1);
    const std::string signaturePart = token.substr(secondDot + 1);
    if (headerPart.empty() || payloadPart.empty()) refuse("empty header or payload");
    if (signaturePart.empty()) refuse("unsigned token");

    // The header decides nothing but which key to use: the algorithm is fixed.
    JsonDocument header = decodePart(headerPart, "header");
    auto alg = header.string("alg");
    if (!alg) refuse("alg is missing");
    if (*alg != "RS256") refuse("algorithm \"" + alg->substr(0, 20) + "\" is not accepted (RS256 only)");
    if (header.has("crit")) refuse("critical header extensions are not supported");
    if (header.has("kid") && !header.string("kid")) refuse("kid is not a string");
    const std::string kid = header.string("kid").value_or("");
    auto key = keys(kid);
    if (!key) refuse("signed by an unknown key");
    bool signatureOk = false;
    try {
        Poco::JWT::Signer signer(key);
        signer.setAlgorithms({Poco::JWT::Signer::ALGO_RS256});
        Poco::JWT::Token parsed;
        signatureOk = signer.tryVerify(token, parsed);
    } catch (const Poco::Exception&) {
        signatureOk = false;
    }
    if (!signatureOk) refuse("bad signature");

    JsonDocument payload = decodePart(payloadPart, "payload");
    IdTokenClaims claims;
    auto iss = payload.string("iss");
    if (!iss || *iss != expected.issuer) refuse("wrong issuer");
    claims.issuer = *iss;

    auto aud = audiences(payload);
    if (std::find(aud.begin(), aud.end(), expected.clientId) == aud.end()) refuse("issued for another client (aud)");
    auto azp = payload.string("azp");
    if (aud.size() > 1 && !azp) refuse("several audiences and no azp");
    if (payload.has("azp") && azp != expected.clientId) refuse("issued for another client (azp)");

    using namespace std::chrono;
    const long long now = duration_cast<seconds>(expected.now.time_since_epoch()).count();
    const long long skew = expected.clockSkew.count();
    auto exp = payload.integer("exp");
    if (!exp) refuse("exp is missing");
    if (now >= *exp + skew) refuse("expired");
    auto iat = payload.integer("iat");
    if (!iat) refuse("iat is missing");
    if (*iat > now + skew) refuse("issued in the future");
    if (*iat < now - expected.maxAge.count() - skew) refuse("issued too long ago");
    if (payload.has("nbf")) {
        auto nbf = payload.integer("nbf");
        if (!nbf || *nbf > now + skew) refuse("not valid yet");
    }

    auto nonce = payload.string("nonce");
    if (!nonce || expected.nonce.empty() || !sameSecret(*nonce, expected.nonce)) refuse("nonce does not match this sign-in");

    auto sub = payload.string("sub");
    if (!sub || sub->empty() || sub->size() > 255) refuse("sub is missing or too long");
    claims.subject = *sub;

    claims.email = payload.string("email");
    if (claims.email && claims.email->size() > 320) refuse("email is too long");
    claims.emailVerified = payload.isTrue("email_verified");
    claims.hostedDomain = payload.string("hd");
    if (!expected.allowedHostedDomains.empty()) {
        if (!claims.hostedDomain) refuse("the account belongs to no allowed domain");
        bool allowed = std::any_of(expected.allowedHostedDomains.begin(), expected.allowedHostedDomains.end(),
                                   [&](const std::string& domain) { return Poco::icompare(domain, *claims.hostedDomain) == 0; });
        if (!allowed) refuse("the account's domain is not allowed");
    }
    claims.name = payload.string("name").value_or("").substr(0, 200);
    // The web app renders the picture: only an https URL is kept.
    claims.picture = payload.string("picture").value_or("");
    if (claims.picture.rfind("https://", 0) != 0 || claims.picture.size() > 2048) claims.picture.clear();
    return claims;
}

}  // namespace sockstream::authgoogle
