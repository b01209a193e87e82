#pragma once

#include <vector>

#include "RtmpConfig.h"
#include "sockstream/plugin/Settings.h"
#include "sockstream/rooms/Endpoints.h"

namespace sockstream::rtmp {

/// What "Prepare to stream" shows for this plugin, built from its own config:
/// rtmp://<public host>:<port>/<application> (or `publicUrl` when set), and
/// rtmps://<public host>:<tls.port>/<application> when TLS is on. The stream
/// key is the stream name, as OBS and ffmpeg expect.
std::vector<IngestEndpoint> rtmpIngestEndpoints(const RtmpConfig& config, const Settings& settings);

}  // namespace sockstream::rtmp
