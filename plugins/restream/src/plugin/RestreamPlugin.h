#pragma once

#include <memory>
#include <optional>

#include "DestinationStore.h"
#include "KeySealer.h"
#include "RestreamConfig.h"
#include "RestreamHub.h"
#include "RestreamRoutes.h"
#include "sockstream/SockStream.h"

namespace sockstream::restream {

/// Pushes each live room's broadcast to the RTMP(S) destinations its owner saved.
class RestreamPlugin : public Plugin {
public:
    void init(PluginContext& context) override;
    void start() override;
    void stop() override;

private:
    PluginContext* _context = nullptr;
    std::optional<RestreamConfig> _config;
    std::unique_ptr<KeySealer> _sealer;
    std::unique_ptr<DestinationStore> _store;
    std::shared_ptr<RestreamHub> _hub;
    std::unique_ptr<RestreamRoutes> _routes;
    SubscriptionId _roomDeleted{};
};

}  // namespace sockstream::restream
