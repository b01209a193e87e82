#pragma once

#include <cstdint>
#include <string>

namespace sockstream {

/// A channel from config (the original's Socket.io namespaces: gaming, music, ...).
struct Channel {
    std::string id;
    std::string title;
    std::string description;
    int order = 0;
};

struct Room {
    std::string id;           ///< opaque public id, used in URLs and HLS paths
    std::string channelId;
    std::string ownerId;
    std::string ownerName;
    std::string title;
    std::string description;
    std::int64_t createdAt = 0;  ///< Unix milliseconds
    std::int64_t updatedAt = 0;
    bool live = false;           ///< runtime state
    int viewers = 0;             ///< runtime state
};

}  // namespace sockstream
