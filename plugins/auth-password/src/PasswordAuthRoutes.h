#pragma once

#include <memory>
#include <string>

#include <Poco/Logger.h>

#include <sockstream/http/HttpRequest.h>
#include <sockstream/http/HttpResponse.h>
#include <sockstream/identity/Identity.h>

#include "AuthPasswordConfig.h"
#include "PasswordHasher.h"
#include "PasswordPolicy.h"
#include "RateLimits.h"

namespace sockstream::authpassword {

/// The HTTP side of email/password accounts, on top of the core's Identity
/// (which answers GET /api/auth/session and POST /api/auth/sign-out for
/// every sign-in method).
/// Handlers block (database, Argon2id): register them with Dispatch::Worker.
class PasswordAuthRoutes {
public:
    static constexpr const char* kProvider = "credential";

    PasswordAuthRoutes(Identity& identity, const AuthPasswordConfig& config, PasswordHasher hasher,
                       PasswordPolicy policy, Poco::Logger& logger);

    HttpResponse signUp(const HttpRequest& request);
    HttpResponse signIn(const HttpRequest& request);

    RateLimits& rateLimits() { return _rateLimits; }

private:
    HttpResponse signUpChecked(const HttpRequest& request);
    HttpResponse signInChecked(const HttpRequest& request);
    HttpResponse signedIn(const User& user);
    void checkBodySize(const HttpRequest& request) const;
    [[noreturn]] void rejectCredentials() const;

    Identity& _identity;
    const std::size_t _maxBodyBytes;
    const PasswordHasher _hasher;
    const PasswordPolicy _policy;
    RateLimits _rateLimits;
    /// Verified against when the email is unknown, so both failures cost one hash.
    const std::string _dummyHash;
    Poco::Logger& _logger;
};

}  // namespace sockstream::authpassword
