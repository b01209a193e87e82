#pragma once

#include <string>

#include "sockstream/rooms/StreamKeys.h"

namespace sockstream::rtmp {

/// How RTMP says no to a publish: the onStatus code and the description an
/// encoder shows its user (OBS puts it in its error dialog and log).
struct RtmpRefusal {
    std::string statusCode;
    std::string description;
};

/// The RTMP wording of the core's refusal. Key and room problems are
/// NetStream.Publish.BadName, as nginx-rtmp and the big services answer them;
/// a failure that trying again may cure is NetStream.Publish.Failed.
RtmpRefusal rtmpRefusal(PublishRefusal refusal);

}  // namespace sockstream::rtmp
