#include "UserJson.h"

#include "sockstream-text/IsoTime.h"

namespace sockstream::authpassword {

Poco::JSON::Object::Ptr UserJson::user(const User& user) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", user.id);
    json->set("name", user.name);
    json->set("email", user.email);
    json->set("emailVerified", user.emailVerified);
    json->set("image", user.image);
    json->set("createdAt", isoTimestamp(user.createdAt));
    return json;
}

std::string UserJson::isoTimestamp(std::int64_t unixMillis) {
    return lib::text::isoTime(unixMillis);
}

}  // namespace sockstream::authpassword
