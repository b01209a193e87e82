#pragma once

#include <memory>

#include "HlsConfig.h"
#include "HlsObserver.h"
#include "HlsRoutes.h"
#include "StreamRegistry.h"
#include "WriteThrough.h"
#include "sockstream/plugin/Plugin.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::hls {

/// HLS and Low-Latency HLS packaging of every live room (see README.md).
class HlsPlugin : public Plugin {
public:
    void init(PluginContext& context) override;
    void start() override;
    void stop() override;

private:
    PluginContext* _context = nullptr;
    HlsConfig _config;
    StreamRegistry _registry;
    std::shared_ptr<WriteThrough> _writeThrough;
    std::shared_ptr<HlsObserver> _observer;
    std::unique_ptr<HlsRoutes> _routes;
    std::shared_ptr<TimerHandle> _sweeper;
};

}  // namespace sockstream::hls
