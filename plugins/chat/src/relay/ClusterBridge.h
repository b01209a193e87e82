#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "relay/ChatRelay.h"

namespace sockstream::chat {

class RoomPresence;
class SocketIoServer;

/// Delivers what this server broadcasts to the members on every server: a
/// broadcast goes to the local members and onto the cluster bus (ChatRelay);
/// what the other servers publish is delivered here, under the
/// EngineIoServer's mutex like a local event. On a single server only the
/// local half runs.
class ClusterBridge {
public:
    using MuteHandler = std::function<void(const ChatRelay::Mute&)>;
    using HealthHandler = std::function<void(const ChatRelay::Health&)>;

    ClusterBridge(ChatRelay& relay, RoomPresence& presence, SocketIoServer& sockets)
        : _relay(relay), _presence(presence), _sockets(sockets) {}

    /// Broadcasts here and on every other server of the cluster.
    void shareWithRoom(const std::string& roomId, std::string_view event, const nlohmann::json& argument);
    void shareWithChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument);

    /// Subscribes to the other servers' messages; handlers run with `mutex`
    /// held while `owner` lives.
    void subscribe(std::recursive_mutex& mutex, std::weak_ptr<const void> owner, MuteHandler onMute,
                   HealthHandler onHealth);
    void unsubscribe();

private:
    ChatRelay& _relay;
    RoomPresence& _presence;
    SocketIoServer& _sockets;
    std::vector<ClusterSubscriptionId> _subscriptions;
};

}  // namespace sockstream::chat
