#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "moderation/ModerationPolicy.h"
#include "sockstream/cluster/Cluster.h"

namespace sockstream::chat {

/// Moderation across the servers of a cluster: each change made here
/// (moderators, bans, room settings) is published on the cluster bus and
/// applied to every other server's ModerationPolicy, so each server enforces
/// it from memory (timeouts travel as ChatRelay's mutes). The database is
/// only read at start-up. Does nothing when the cluster is off.
class ModerationSync {
public:
    static constexpr const char* kChannel = "chat.moderation";

    struct Change {
        enum class Kind { Moderator, Ban, Settings };
        Kind kind = Kind::Ban;
        std::string roomId;  ///< "" with Ban: site-wide
        std::string userId;
        bool on = false;
        RoomChatSettings settings;
    };

    ModerationSync(Cluster& cluster, ModerationPolicy& policy) : _cluster(cluster), _policy(policy) {}

    void share(const Change& change);
    static std::string encode(const Change& change);
    /// Nothing for a malformed or oversized message.
    static std::optional<Change> decode(const std::string& payload);
    static void apply(ModerationPolicy& policy, const Change& change);

    /// Applies the other servers' changes with `mutex` held while `owner` lives.
    void subscribe(std::recursive_mutex& mutex, std::weak_ptr<const void> owner);
    void unsubscribe();

private:
    Cluster& _cluster;
    ModerationPolicy& _policy;
    std::optional<ClusterSubscriptionId> _subscription;
};

}  // namespace sockstream::chat
