#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sockstream/cluster/Cluster.h"

namespace sockstream::chat {

/// Chat across the servers of a cluster, in the spirit of socket.io's Redis
/// adapter: what one server broadcasts to a room or channel is published on
/// the core's cluster bus and delivered by every other server to its own
/// members; mutes and stream health travel the same way; each server publishes its member
/// count per room so every server shows the deployment's total. Room events
/// (created, live, ended) are relayed by the core itself. Rate limits stay
/// per server. Does nothing when the cluster is off.
class ChatRelay {
public:
    static constexpr const char* kRoomChannel = "chat.room";
    static constexpr const char* kChannelChannel = "chat.channel";
    static constexpr const char* kMuteChannel = "chat.mute";
    static constexpr const char* kViewersChannel = "chat.viewers";
    static constexpr const char* kHealthChannel = "chat.health";
    /// A server whose counts are older than this is presumed gone.
    static constexpr std::int64_t kViewersTtlMs = 10'000;

    struct Emit {
        std::string target;  ///< room id or channel id
        std::string event;
        nlohmann::json argument;
    };
    struct Mute {
        std::string roomId;
        std::string userId;
        std::int64_t untilMs = 0;  ///< 0: unmuted
    };

    /// A stream's health (room:health) for its owner's and admins' sockets
    /// on every server: the core publishes it only where the stream is.
    struct Health {
        std::string roomId;
        std::vector<std::string> recipientUserIds;
        nlohmann::json health;
    };

    explicit ChatRelay(Cluster& cluster) : _cluster(cluster) {}

    bool enabled() const { return _cluster.enabled(); }
    Cluster& cluster() { return _cluster; }

    void shareRoomEmit(const std::string& roomId, std::string_view event, const nlohmann::json& argument);
    void shareChannelEmit(const std::string& channelId, std::string_view event, const nlohmann::json& argument);
    void shareMute(const Mute& mute);
    void shareHealth(const Health& health);
    /// This server's members per room (all of them: a room missing has none).
    void shareViewers(const std::map<std::string, int>& counts);

    static std::optional<Emit> decodeEmit(const std::string& payload);
    static std::optional<Mute> decodeMute(const std::string& payload);
    static std::optional<Health> decodeHealth(const std::string& payload);

    /// Takes another server's counts; returns the rooms whose remote total changed.
    std::set<std::string> acceptViewers(const std::string& payload, std::int64_t nowMs);
    /// Drops servers that went quiet; returns the rooms whose remote total changed.
    std::set<std::string> expireViewers(std::int64_t nowMs);
    /// Members of the room on the other servers.
    int remoteViewers(const std::string& roomId) const;

private:
    struct ServerCounts {
        std::map<std::string, int> counts;
        std::int64_t seenMs = 0;
    };
    void publish(const char* channel, const nlohmann::json& message);

    Cluster& _cluster;
    std::map<std::string, ServerCounts> _servers;
};

}  // namespace sockstream::chat
