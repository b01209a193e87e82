#pragma once

#include <memory>

#include <Poco/Logger.h>

#include "HlsConfig.h"
#include "StreamRegistry.h"
#include "WriteThrough.h"
#include "sockstream/media/MediaBus.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::hls {

/// Feeds the media bus into per-room LiveStreams.
class HlsObserver : public MediaObserver {
public:
    HlsObserver(StreamRegistry& registry, const HlsConfig& config, Scheduler& scheduler, Poco::Logger& logger,
                std::shared_ptr<WriteThrough> writeThrough);

    void onStreamOpened(const StreamInfo& info, bool resumed) override;
    void onTracksChanged(const StreamInfo& info) override;
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override;
    void onStreamInterrupted(const StreamInfo& info) override;
    void onStreamClosed(const StreamInfo& info) override;

private:
    std::shared_ptr<LiveStream> current(const StreamInfo& info) const;

    StreamRegistry& _registry;
    const HlsConfig& _config;
    Scheduler& _scheduler;
    Poco::Logger& _logger;
    std::shared_ptr<WriteThrough> _writeThrough;
};

}  // namespace sockstream::hls
