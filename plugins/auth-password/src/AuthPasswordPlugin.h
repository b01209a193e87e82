#pragma once

#include <memory>

#include <sockstream/plugin/Plugin.h>
#include <sockstream/util/Scheduler.h>

namespace sockstream::authpassword {

class PasswordAuthRoutes;

/// Email/password accounts: sign-up and sign-in, creating the core's users
/// and sessions (the core itself serves the session and sign-out routes).
class AuthPasswordPlugin : public Plugin {
public:
    AuthPasswordPlugin();
    ~AuthPasswordPlugin() override;

    void init(PluginContext& context) override;
    void start() override;
    void stop() override;

private:
    PluginContext* _context = nullptr;
    std::shared_ptr<PasswordAuthRoutes> _routes;
    std::shared_ptr<TimerHandle> _pruneTimer;
};

}  // namespace sockstream::authpassword
