#include "AuthGooglePlugin.h"

#include <cstdlib>

#include <Poco/JSON/Array.h>
#include <Poco/Net/SSLManager.h>

#include "SignInRoutes.h"
#include "oidc/GoogleAuthConfig.h"
#include "oidc/PocoProviderHttp.h"
#include "sockstream/SockStream.h"

namespace sockstream::authgoogle {

AuthGooglePlugin::AuthGooglePlugin() = default;

AuthGooglePlugin::~AuthGooglePlugin() {
    _routes.reset();
    if (_sslInitialized) Poco::Net::uninitializeSSL();
}

void AuthGooglePlugin::init(PluginContext& context) {
    const GoogleAuthConfig config = GoogleAuthConfig::fromJson(
        context.config(), context.settings().publicUrl, [](const std::string& name) -> std::optional<std::string> {
            const char* value = std::getenv(name.c_str());
            if (!value || !*value) return std::nullopt;
            return std::string(value);
        });
    Poco::Net::initializeSSL();
    _sslInitialized = true;
    auto http = std::make_unique<PocoProviderHttp>(config.caFile, config.connectTimeout, config.readTimeout);
    _routes = std::make_shared<SignInRoutes>(config, std::move(http), context.identity(), context.settings(),
                                             context.logger());

    // The handlers hold the routes weakly: the core drops them before this plugin is destroyed.
    std::weak_ptr<SignInRoutes> routes = _routes;
    context.http().get(SignInRoutes::kStartPath, [routes](const HttpRequest& request) {
        auto self = routes.lock();
        if (!self) throw HttpError(503, "unavailable", "Google sign-in is shutting down");
        return self->begin(request);
    }, Dispatch::Worker);
    context.http().get(SignInRoutes::kCallbackPath, [routes](const HttpRequest& request) {
        auto self = routes.lock();
        if (!self) throw HttpError(503, "unavailable", "Google sign-in is shutting down");
        return self->complete(request);
    }, Dispatch::Worker);

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("loginUrl", std::string(SignInRoutes::kStartPath));
    context.declareFeature(feature);
    context.logger().information("auth-google: issuer %s, redirect URL %s", config.issuer, config.redirectUrl);
}

void AuthGooglePlugin::stop() {
    _routes.reset();
}

}  // namespace sockstream::authgoogle

SOCKSTREAM_PLUGIN(sockstream::authgoogle::AuthGooglePlugin)
