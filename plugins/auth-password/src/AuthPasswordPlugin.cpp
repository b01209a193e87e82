#include "AuthPasswordPlugin.h"

#include <Poco/JSON/Object.h>

#include <sockstream/SockStream.h>

#include "AuthPasswordConfig.h"
#include "CommonPasswordList.h"
#include "PasswordAuthRoutes.h"
#include "PluginDataPath.h"

namespace sockstream::authpassword {

AuthPasswordPlugin::AuthPasswordPlugin() = default;
AuthPasswordPlugin::~AuthPasswordPlugin() = default;

void AuthPasswordPlugin::init(PluginContext& context) {
    _context = &context;
    const AuthPasswordConfig config = AuthPasswordConfig::fromJson(context.config());

    const std::string listPath = config.commonPasswordsFile.empty()
                                     ? PluginDataPath::resolve("common-passwords.txt")
                                     : config.commonPasswordsFile;
    auto commonPasswords = std::make_shared<const CommonPasswordList>(CommonPasswordList::fromFile(listPath));
    context.logger().information(
        "auth-password: %z common passwords from %s, minimum zxcvbn score %d, Argon2id m=%u KiB t=%u p=%u",
        commonPasswords->size(), listPath, config.minPasswordScore, config.argon2.memoryKiB,
        config.argon2.iterations, config.argon2.parallelism);

    _routes = std::make_shared<PasswordAuthRoutes>(
        context.identity(), config, PasswordHasher(config.argon2, &secureRandomBytes),
        PasswordPolicy(std::move(commonPasswords), config.minPasswordScore), context.logger());

    // Handlers hold the routes by shared_ptr: the core drops them before the library unloads.
    auto routes = _routes;
    auto& http = context.http();
    // Guarded against login CSRF: JSON only, from our own pages only, with or without a cookie.
    http.addGuarded(RouteGuard::SameOriginJson, "POST", "/api/auth/sign-up/email",
                    [routes](const HttpRequest& r) { return routes->signUp(r); }, Dispatch::Worker);
    http.addGuarded(RouteGuard::SameOriginJson, "POST", "/api/auth/sign-in/email",
                    [routes](const HttpRequest& r) { return routes->signIn(r); }, Dispatch::Worker);
    // Sign-out and GET /api/auth/session belong to core: they work whichever provider signed in.

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("minPasswordLength", static_cast<int>(PasswordPolicy::kMinCodePoints));
    feature.set("maxPasswordLength", static_cast<int>(PasswordPolicy::kMaxCodePoints));
    feature.set("minPasswordScore", config.minPasswordScore);
    context.declareFeature(feature);
}

void AuthPasswordPlugin::start() {
    auto routes = _routes;
    // Returns the memory of one-off keys (scans, sprayed emails) between bursts.
    _pruneTimer = _context->scheduler().every(std::chrono::seconds(30), [routes] { routes->rateLimits().prune(); });
}

void AuthPasswordPlugin::stop() {
    if (_pruneTimer) _pruneTimer->cancel();
    _pruneTimer.reset();
}

}  // namespace sockstream::authpassword

SOCKSTREAM_PLUGIN(sockstream::authpassword::AuthPasswordPlugin)
