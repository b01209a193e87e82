#pragma once

#include <memory>
#include <optional>

#include "BroadcastTimelines.h"
#include "RtmpConfig.h"
#include "RtmpMetrics.h"
#include "sockstream/SockStream.h"

namespace sockstream::rtmp {

/// RTMP (and RTMPS) ingest: encoders publish to rtmp://host:port/<application>
/// with a room's stream key as the stream name.
class RtmpPlugin : public Plugin {
public:
    void init(PluginContext& context) override;

private:
    std::optional<RtmpConfig> _config;
    std::unique_ptr<RtmpMetrics> _metrics;
    BroadcastTimelines _timelines;
};

}  // namespace sockstream::rtmp
