#pragma once

#include <vector>

#include "RtmpConfig.h"
#include "sockstream/plugin/Settings.h"
#include "sockstream/rooms/Endpoints.h"

namespace sockstream::rtmp {

/// The ports the listeners bound: the config's, or what the system chose for a 0.
struct BoundPorts {
    int rtmp = 0;
    int rtmps = 0;  ///< unused without TLS
};

/// What "Prepare to stream" shows for this plugin, built from its own config:
/// rtmp://<public host>:<bound port>/<application> (or `publicUrl` when set),
/// and rtmps://<public host>:<bound tls port>/<application> when TLS is on.
/// The stream key is the stream name, as OBS and ffmpeg expect.
std::vector<IngestEndpoint> rtmpIngestEndpoints(const RtmpConfig& config, const Settings& settings, BoundPorts ports);
/// The same before the listeners are open, with the configured ports.
std::vector<IngestEndpoint> rtmpIngestEndpoints(const RtmpConfig& config, const Settings& settings);

}  // namespace sockstream::rtmp
