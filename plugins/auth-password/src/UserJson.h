#pragma once

#include <cstdint>
#include <string>

#include <Poco/JSON/Object.h>

#include <sockstream/identity/User.h>

namespace sockstream::authpassword {

/// The user object of sign-up and sign-in answers, in the shape of the core's
/// GET /api/auth/session plus createdAt; times are ISO 8601 UTC, as there.
class UserJson {
public:
    static Poco::JSON::Object::Ptr user(const User& user);
    static std::string isoTimestamp(std::int64_t unixMillis);
};

}  // namespace sockstream::authpassword
