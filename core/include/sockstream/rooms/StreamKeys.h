#pragma once

#include <string>

namespace sockstream {

/// What a valid stream key entitles an encoder to.
struct PublishGrant {
    std::string roomId;
    std::string channelId;
    std::string ownerId;
    std::string broadcastId;
    bool resumed = false;  ///< same key reconnecting within the grace window
};

/// The core's answer to "may this key publish?".
struct PublishDecision {
    bool allowed = false;
    /// Words for the log and the encoder, never containing the key.
    std::string reason;
    /// RTMP status code for a refusal, e.g. "NetStream.Publish.BadName".
    std::string statusCode;
    PublishGrant grant;
};

}  // namespace sockstream
