#include "SignInRoutes.h"

#include "ErrorResponse.h"
#include "oidc/AccountLinker.h"
#include "oidc/AuthorizationRequest.h"
#include "oidc/IdTokenValidator.h"
#include "oidc/OidcError.h"
#include "oidc/Pkce.h"
#include "oidc/RedirectPath.h"
#include "oidc/SecureRandom.h"
#include "oidc/TokenExchange.h"
#include "oidc/UserInfo.h"
#include "sockstream/identity/Identity.h"

#include <openssl/crypto.h>

namespace sockstream::authgoogle {

namespace {
bool sameSecret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string printable(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 100)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
    return out;
}
}  // namespace

SignInRoutes::SignInRoutes(GoogleAuthConfig config, std::unique_ptr<ProviderHttp> http, Identity& identity,
                           const Settings& settings, Poco::Logger& logger)
    : _config(std::move(config)),
      _http(std::move(http)),
      _directory(*_http, _config.issuer, _config.metadataCache),
      _pending(_config.stateTtl, _config.maxPendingLogins),
      _identity(identity),
      _secureCookies(settings.secureCookies()),
      // __Secure- makes browsers refuse the cookie from plain http or without Secure.
      _cookieName(settings.secureCookies() ? "__Secure-sockstream_google_login" : "sockstream_google_login"),
      _logger(logger) {}

std::string SignInRoutes::pendingCookie(const std::string& handle, std::chrono::seconds maxAge) const {
    // Lax, not Strict: the provider brings the browser back with a top-level GET.
    return _cookieName + "=" + handle + "; Path=" + kStartPath + "; Max-Age=" + std::to_string(maxAge.count()) +
           "; HttpOnly; SameSite=Lax" + (_secureCookies ? "; Secure" : "");
}

HttpResponse SignInRoutes::failure(const HttpRequest& request, int status, const std::string& code,
                                   const std::string& message) {
    HttpResponse response = ErrorResponse::render(request, status, code, message);
    response.addHeader("Set-Cookie", pendingCookie("", std::chrono::seconds(0)));
    response.setHeader("Referrer-Policy", "no-referrer");
    return response;
}

HttpResponse SignInRoutes::begin(const HttpRequest& request) {
    try {
        const std::string redirect = RedirectPath::sanitize(request.queryParam("redirect").value_or("/"));
        const ProviderMetadata metadata = _directory.metadata();
        PendingLogin login;
        login.state = SecureRandom::token(32);
        login.nonce = SecureRandom::token(32);
        const Pkce pkce = Pkce::generate();
        login.codeVerifier = pkce.verifier;
        login.redirectPath = redirect;
        // A signed-in user starting the flow asks to link this provider account to themselves.
        if (auto current = _identity.authenticate(request)) login.linkUserId = current->user.id;
        const std::string location = AuthorizationRequest::url(metadata.authorizationEndpoint, _config, login.state,
                                                               login.nonce, pkce.challenge);
        const std::string handle = _pending.add(std::move(login));
        HttpResponse response = HttpResponse::redirect(location);
        response.addHeader("Set-Cookie", pendingCookie(handle, _config.stateTtl));
        return response;
    } catch (const OidcError& e) {
        _logger.warning("auth-google: cannot start sign-in: %s", std::string(e.what()));
        return failure(request, e.status(), e.code(), e.what());
    }
}

HttpResponse SignInRoutes::complete(const HttpRequest& request) {
    try {
        return finishSignIn(request);
    } catch (const OidcError& e) {
        _logger.warning("auth-google: sign-in refused (%s): %s", e.code(), std::string(e.what()));
        return failure(request, e.status(), e.code(), e.what());
    } catch (const std::exception& e) {
        _logger.error("auth-google: sign-in failed: %s", std::string(e.what()));
        return failure(request, 500, "sign_in_failed", "Sign-in failed because of a server error. Please try again.");
    }
}

HttpResponse SignInRoutes::finishSignIn(const HttpRequest& request) {
    // Taking the pending login first makes every callback single use, whatever happens next.
    std::optional<PendingLogin> login;
    if (auto handle = request.cookie(_cookieName); handle && !handle->empty()) login = _pending.take(*handle);

    if (auto error = request.queryParam("error")) {
        if (*error == "access_denied")
            throw OidcError(403, "access_denied", "Sign-in was cancelled: access to your Google account was not granted.");
        throw OidcError(502, "provider_error", "The sign-in provider refused the request (" + printable(*error) + ").");
    }
    if (!login)
        throw OidcError(400, "invalid_state",
                        "This sign-in has expired, was already used or was started in another browser. Please start again.");
    auto state = request.queryParam("state");
    if (!state || !sameSecret(*state, login->state))
        throw OidcError(400, "invalid_state", "The sign-in response does not belong to this browser's sign-in. Please start again.");

    const ProviderMetadata metadata = _directory.metadata();
    // RFC 9207: an authorization response from another issuer is a mix-up attack.
    auto iss = request.queryParam("iss");
    if ((iss && *iss != metadata.issuer) || (!iss && metadata.issuerInAuthorizationResponse))
        throw OidcError(400, "issuer_mismatch", "The sign-in response came from an unexpected issuer.");
    auto code = request.queryParam("code");
    if (!code || code->empty()) throw OidcError(400, "invalid_request", "The sign-in response has no authorization code.");

    const TokenResponse tokens = TokenExchange::redeem(*_http, metadata, _config, *code, login->codeVerifier);
    IdTokenExpectations expected;
    expected.issuer = metadata.issuer;
    expected.clientId = _config.clientId;
    expected.nonce = login->nonce;
    expected.allowedHostedDomains = _config.allowedHostedDomains;
    expected.clockSkew = _config.clockSkew;
    expected.maxAge = _config.maxTokenAge;
    IdTokenClaims claims = IdTokenValidator::validate(
        tokens.idToken, [this](const std::string& kid) { return _directory.signingKey(kid); }, expected);
    // Standard OIDC may leave the email scope's claims to the UserInfo endpoint.
    if (!claims.email && !metadata.userinfoEndpoint.empty() && !tokens.accessToken.empty()) {
        const UserInfoClaims info = UserInfo::fetch(*_http, metadata.userinfoEndpoint, tokens.accessToken, claims.subject);
        claims.email = info.email;
        claims.emailVerified = info.email && info.emailVerified;
    }

    std::optional<std::string> linkUserId;
    if (login->linkUserId) {
        auto current = _identity.authenticate(request);
        if (!current || current->user.id != *login->linkUserId)
            throw OidcError(409, "session_changed", "You signed in or out while linking your Google account. Please start again.");
        linkUserId = login->linkUserId;
    }
    AccountLinker linker(_identity);
    const std::string userId = linker.resolveUser(claims, linkUserId);
    const IssuedSession session = _identity.createSession(userId);
    HttpResponse response = HttpResponse::redirect(login->redirectPath);
    response.addHeader("Set-Cookie", _identity.sessionCookie(session));
    response.addHeader("Set-Cookie", pendingCookie("", std::chrono::seconds(0)));
    response.setHeader("Referrer-Policy", "no-referrer");
    _logger.information("auth-google: user %s signed in", userId);
    return response;
}

}  // namespace sockstream::authgoogle
