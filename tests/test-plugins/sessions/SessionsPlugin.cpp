// test-sessions: signs a test user in through the core Identity, so integration
// tests can act as a signed-in user without any sign-in plugin. Never ship it.
#include <Poco/JSON/Object.h>

#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class SessionsPlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        Identity& identity = context.identity();
        context.http().post("/api/test/sessions", [&identity](const HttpRequest& request) {
            JsonBody body(request);
            auto email = identity.normalizeEmail(body.requireString("email"));
            if (!email) throw HttpError(400, "invalid_email", "That is not an email address.");
            auto user = identity.findUserByEmail(*email);
            if (!user) {
                User fresh;
                fresh.name = body.optionalString("name").value_or("Test User");
                fresh.email = *email;
                user = identity.createUser(fresh, LinkedAccount{"", "test", *email, ""});
            }
            IssuedSession session = identity.createSession(user->id);
            Poco::JSON::Object::Ptr userJson = new Poco::JSON::Object;
            userJson->set("id", user->id);
            userJson->set("email", user->email);
            Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
            result->set("user", userJson);
            HttpResponse response = HttpResponse::json(201, result);
            response.addHeader("Set-Cookie", identity.sessionCookie(session));
            return response;
        });
    }
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::SessionsPlugin)
