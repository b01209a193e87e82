#pragma once

#include "sockstream/plugin/Settings.h"
#include "sockstream/rooms/Endpoints.h"

namespace sockstream::webrtc {

/// The path WHIP publishers POST their offer to (WhipRoutes serves it).
inline constexpr const char* kWhipPath = "/whip";

/// How an encoder reaches WHIP, as "Prepare to stream" shows it: the public
/// URL of /whip on this site (Settings::publicUrl, as the host's browser
/// reaches it), the key as a Bearer token (RFC 9725 section 4.4), which OBS 30+
/// calls "Bearer Token". No publishUrl: a WHIP key never goes in a URL.
IngestEndpoint whipIngestEndpoint(const Settings& settings);

}  // namespace sockstream::webrtc
