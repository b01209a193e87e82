#pragma once

#include <memory>
#include <string>

#include <Poco/Logger.h>

#include "oidc/GoogleAuthConfig.h"
#include "oidc/PendingLoginStore.h"
#include "oidc/ProviderDirectory.h"
#include "oidc/ProviderHttp.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponse.h"
#include "sockstream/plugin/Settings.h"

namespace sockstream {
class Identity;
}

namespace sockstream::authgoogle {

/// GET /api/auth/google and its callback. Both block on the provider and the
/// database, so they run on worker threads.
class SignInRoutes {
public:
    static constexpr const char* kStartPath = "/api/auth/google";
    static constexpr const char* kCallbackPath = "/api/auth/google/callback";

    SignInRoutes(GoogleAuthConfig config, std::unique_ptr<ProviderHttp> http, Identity& identity,
                 const Settings& settings, Poco::Logger& logger);

    HttpResponse begin(const HttpRequest& request);
    HttpResponse complete(const HttpRequest& request);

private:
    HttpResponse finishSignIn(const HttpRequest& request);
    HttpResponse failure(const HttpRequest& request, int status, const std::string& code, const std::string& message);
    std::string pendingCookie(const std::string& handle, std::chrono::seconds maxAge) const;

    const GoogleAuthConfig _config;
    std::unique_ptr<ProviderHttp> _http;
    ProviderDirectory _directory;
    PendingLoginStore _pending;
    Identity& _identity;
    const bool _secureCookies;
    const std::string _cookieName;
    Poco::Logger& _logger;
};

}  // namespace sockstream::authgoogle
