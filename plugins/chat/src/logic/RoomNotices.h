#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sockstream/events/EventBus.h"

namespace sockstream {
class PluginContext;
}

namespace sockstream::chat {

class ChatRelay;
class ChatStore;
class MuteList;
class RoomPresence;
class SocketIoServer;

/// The core's room events told to the channels' sockets: room:created,
/// room:updated, room:deleted, room:status (live, reconnecting, offline), and
/// room:health to the owner's and admins' sockets in the room, on every
/// server of a cluster. Bus handlers only post: the work runs on the
/// scheduler with the EngineIoServer's mutex held.
class RoomNotices {
public:
    RoomNotices(PluginContext& context, SocketIoServer& sockets, RoomPresence& presence, ChatStore& store,
                MuteList& mutes, ChatRelay& relay, std::recursive_mutex& mutex, std::weak_ptr<const void> owner);

    void subscribe();
    void unsubscribe();
    /// room:health to the members of the room whose user is among `recipients`
    /// (owner, admins): health names the encoder.
    void forwardHealth(const std::string& roomId, const std::vector<std::string>& recipients, const nlohmann::json& health);

private:
    void later(std::function<void()> work);

    PluginContext& _context;
    SocketIoServer& _sockets;
    RoomPresence& _presence;
    ChatStore& _store;
    MuteList& _mutes;
    ChatRelay& _relay;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
    std::vector<SubscriptionId> _subscriptions;
};

}  // namespace sockstream::chat
