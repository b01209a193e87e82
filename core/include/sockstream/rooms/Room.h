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

/// Where a room's broadcast is: no encoder, media flowing, or an encoder that
/// dropped and may still come back within the reconnect grace window.
enum class BroadcastState { Offline, Live, Reconnecting };

inline const char* broadcastStateName(BroadcastState state) {
    switch (state) {
        case BroadcastState::Live: return "live";
        case BroadcastState::Reconnecting: return "reconnecting";
        case BroadcastState::Offline: break;
    }
    return "offline";
}

/// How long a room's stream key lasts: "persistent" (every broadcast until the
/// owner resets it, as OBS users expect) or "per-broadcast" (spent when the broadcast ends).
inline constexpr const char* kStreamKeyPersistent = "persistent";
inline constexpr const char* kStreamKeyPerBroadcast = "per-broadcast";

struct Room {
    std::string id;           ///< opaque public id, used in URLs and HLS paths
    std::string channelId;
    std::string ownerId;
    std::string ownerName;
    std::string title;
    std::string description;
    std::int64_t createdAt = 0;  ///< Unix milliseconds
    std::int64_t updatedAt = 0;
    std::string streamKeyMode = kStreamKeyPersistent;  ///< only shown to the owner and admins
    bool live = false;           ///< runtime state: true exactly when state == Live
    BroadcastState state = BroadcastState::Offline;  ///< runtime state
    int viewers = 0;             ///< runtime state
};

}  // namespace sockstream
