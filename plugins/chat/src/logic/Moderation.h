#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engineio/EngineSession.h"

namespace sockstream {
class PluginContext;
}

namespace sockstream::chat {

class ChatRelay;
class ChatStore;
class ClusterBridge;
class MuteList;
class SignInCheck;
class SocketIoServer;

/// The room owner's (and admins') tools: chat:delete removes a message from
/// history and from every member's screen; chat:mute silences a user in the
/// room for a while, on every server. Who may act is asked of the core's
/// rooms on a worker thread. Runs with the EngineIoServer's mutex held.
class Moderation {
public:
    static constexpr std::int64_t kMaxMuteSeconds = 7 * 24 * 3600;

    Moderation(PluginContext& context, ChatStore& store, ClusterBridge& bridge, ChatRelay& relay, SocketIoServer& sockets,
               MuteList& mutes, SignInCheck& signIn, std::recursive_mutex& mutex, std::weak_ptr<const void> owner);

    /// `action` is "chat:delete" or "chat:mute"; runs once the sign-in is confirmed (SignInCheck).
    void moderate(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                  nlohmann::json argument, std::optional<std::uint64_t> ackId);
    /// A plugin's deletion: no permission check.
    void deleteMessage(const std::string& roomId, const std::string& messageId);

private:
    void moderateChecked(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                         const nlohmann::json& argument, std::optional<std::uint64_t> ackId);

    PluginContext& _context;
    ChatStore& _store;
    ClusterBridge& _bridge;
    ChatRelay& _relay;
    SocketIoServer& _sockets;
    MuteList& _mutes;
    SignInCheck& _signIn;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
};

}  // namespace sockstream::chat
