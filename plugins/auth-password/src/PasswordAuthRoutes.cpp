#include "PasswordAuthRoutes.h"

#include <vector>

#include <Poco/JSON/Object.h>

#include <sockstream/http/JsonBody.h>
#include <sockstream/util/Random.h>

#include "DisplayName.h"
#include "RateLimited.h"
#include "sockstream-wire/WireJson.h"

namespace sockstream::authpassword {
namespace {

constexpr const char* kBadCredentials = "Invalid email or password.";

HttpResponse noStore(HttpResponse response) {
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse tooManyAttempts(const RateLimited& limited) {
    HttpResponse response = HttpResponse::error(429, "too_many_requests",
                                                "Too many attempts; try again in a few seconds.");
    response.setHeader("Retry-After", std::to_string(limited.retryAfterSeconds()));
    return noStore(std::move(response));
}

// A rate-limit key for an email that may not normalise: still case-folded so
// "A@x" and "a@x" share one budget, and bounded in size.
std::string emailKey(const std::optional<std::string>& normalized, const std::string& raw) {
    if (normalized) return *normalized;
    std::string key = raw.substr(0, 320);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

// What a password must not be built on: anyone who knows the user's address
// knows these. Not the display name: it is often one short common word ("Host",
// "Solo") that zxcvbn would then count as free inside an otherwise good passphrase.
std::vector<std::string> userWords(const std::string& email) {
    return {email, email.substr(0, email.find('@'))};
}

}  // namespace

PasswordAuthRoutes::PasswordAuthRoutes(Identity& identity, const AuthPasswordConfig& config,
                                       PasswordHasher hasher, PasswordPolicy policy, Poco::Logger& logger)
    : _identity(identity),
      _maxBodyBytes(config.maxBodyBytes),
      _hasher(std::move(hasher)),
      _policy(std::move(policy)),
      _rateLimits(config),
      _dummyHash(_hasher.hash(secureRandomToken(24))),
      _logger(logger) {}

HttpResponse PasswordAuthRoutes::signUp(const HttpRequest& request) {
    try {
        return noStore(signUpChecked(request));
    } catch (const RateLimited& limited) {
        return tooManyAttempts(limited);
    }
}

HttpResponse PasswordAuthRoutes::signIn(const HttpRequest& request) {
    try {
        return noStore(signInChecked(request));
    } catch (const RateLimited& limited) {
        return tooManyAttempts(limited);
    }
}

HttpResponse PasswordAuthRoutes::signUpChecked(const HttpRequest& request) {
    _rateLimits.checkSignUpAddress(request.remoteAddress);
    checkBodySize(request);
    const JsonBody body(request);
    const std::string rawName = body.requireString("name");
    const std::string rawEmail = body.requireString("email");
    const std::string rawPassword = body.requireString("password");

    const auto email = _identity.normalizeEmail(rawEmail);
    _rateLimits.checkSignUpEmail(emailKey(email, rawEmail));
    if (!email) throw HttpError(400, "invalid_email", "The email address is not valid.");
    const auto name = DisplayName::normalize(rawName);
    if (!name)
        throw HttpError(400, "invalid_name",
                        "The name must have 1 to 100 characters and no control characters.");
    const auto password = _policy.check(rawPassword, userWords(*email));
    if (!password.accepted)
        throw HttpError(400, std::string(PasswordPolicy::code(*password.problem)), password.explanation);

    // Saves an Argon2id computation in the common case; createUser still
    // decides, atomically, when two sign-ups race.
    if (_identity.findUserByEmail(*email))
        throw HttpError(409, "email_taken", "An account with this email already exists.");

    // The core assigns the user id and creation time.
    User user;
    user.name = *name;
    user.email = *email;
    LinkedAccount account;
    account.provider = kProvider;
    account.providerAccountId = *email;
    account.secret = _hasher.hash(password.accepted->normalized);
    try {
        user = _identity.createUser(user, account);
    } catch (const DuplicateEmail&) {
        throw HttpError(409, "email_taken", "An account with this email already exists.");
    }
    _logger.information("auth-password: new account %s", user.id);
    return signedIn(user);
}

HttpResponse PasswordAuthRoutes::signInChecked(const HttpRequest& request) {
    // Counted as a failure until the password proves right (see RateLimits).
    auto attempt = _rateLimits.beginSignIn(request.remoteAddress);
    checkBodySize(request);
    const JsonBody body(request);
    const std::string rawEmail = body.requireString("email");
    const std::string rawPassword = body.requireString("password");

    const auto email = _identity.normalizeEmail(rawEmail);
    attempt.forAccount(emailKey(email, rawEmail));
    // Existing passwords are checked without today's rules, but with the same
    // normalisation they were hashed with.
    const auto password = PasswordPolicy::normalizeForVerification(rawPassword);
    const auto account = email ? _identity.findAccount(kProvider, *email) : std::nullopt;
    if (!account || !password) {
        // Same work as a wrong password, so timing does not reveal which emails exist.
        (void)_hasher.verify(password.value_or(rawPassword), _dummyHash);
        rejectCredentials();
    }

    switch (_hasher.verify(*password, account->secret)) {
    case VerifyOutcome::Match:
        break;
    case VerifyOutcome::MatchNeedsRehash:
        _identity.updateAccountSecret(account->userId, kProvider, _hasher.hash(*password));
        _logger.information("auth-password: rehashed the password of %s with current parameters",
                            account->userId);
        break;
    case VerifyOutcome::Malformed:
        _logger.error("auth-password: stored password hash of %s is not an Argon2id PHC string",
                      account->userId);
        rejectCredentials();
    case VerifyOutcome::Mismatch:
        rejectCredentials();
    }

    const auto user = _identity.findUserById(account->userId);
    if (!user) rejectCredentials();
    attempt.succeeded();
    return signedIn(*user);
}

HttpResponse PasswordAuthRoutes::signedIn(const User& user) {
    const IssuedSession issued = _identity.createSession(user.id);
    Poco::JSON::Object result;
    result.set("user", lib::wire::userJson(user));
    HttpResponse response = HttpResponse::json(200, result);
    response.addHeader("Set-Cookie", _identity.sessionCookie(issued));
    return response;
}

void PasswordAuthRoutes::checkBodySize(const HttpRequest& request) const {
    if (request.body.size() > _maxBodyBytes)
        throw HttpError(413, "payload_too_large",
                        "The request body is larger than " + std::to_string(_maxBodyBytes) + " bytes.");
}

void PasswordAuthRoutes::rejectCredentials() const {
    throw HttpError(401, "invalid_credentials", kBadCredentials);
}

}  // namespace sockstream::authpassword
