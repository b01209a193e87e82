#pragma once

#include <memory>

#include "sockstream/plugin/Plugin.h"

namespace sockstream::authgoogle {

class SignInRoutes;

/// "Sign in with Google": an OpenID Connect relying party (any compliant issuer).
class AuthGooglePlugin : public Plugin {
public:
    AuthGooglePlugin();
    ~AuthGooglePlugin() override;
    void init(PluginContext& context) override;
    void stop() override;

private:
    std::shared_ptr<SignInRoutes> _routes;
    bool _sslInitialized = false;
};

}  // namespace sockstream::authgoogle
