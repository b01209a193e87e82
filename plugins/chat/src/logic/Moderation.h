#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engineio/EngineSession.h"
#include "moderation/ModerationPolicy.h"
#include "moderation/ModerationStore.h"
#include "moderation/ModerationSync.h"
#include "moderation/WordFilter.h"

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

/// Who acts on a room's chat: its owner, a moderator the owner appointed, or a site admin.
enum class ModeratorRole { None, Moderator, Owner, Admin };
const char* roleName(ModeratorRole role);

/// The room's owner, its moderators and admins moderate its chat (docs/chat-events.md):
/// chat:delete removes a message; chat:mute times a user out (chat:unmute
/// lifts it); chat:ban / chat:unban bar a user from posting in the room, or
/// on the whole site (admins). The owner appoints moderators and with them
/// sets slow mode and the established-user minimum (ModerationApi). Every
/// change is applied in memory at once, shared with the other servers
/// (ChatRelay mutes, ModerationSync), stored with a log line, and told to the
/// room (chat:moderation, chat:settings, chat:moderators). chat:send is
/// checked against it all from memory (checkPost). Who may act is asked of
/// the core on a worker thread. Runs with the EngineIoServer's mutex held.
class Moderation {
public:
    static constexpr std::int64_t kMaxMuteSeconds = 7 * 24 * 3600;
    static constexpr std::size_t kMaxReasonBytes = 200;

    struct Actor {
        std::string id;
        std::string name;
        ModeratorRole role = ModeratorRole::None;
    };
    /// What a worker learned of a user for the policy (admin, account age).
    struct LearnedUser {
        std::string id;
        bool admin = false;
        std::int64_t createdAtMs = 0;
    };
    using Done = std::function<void(bool stored)>;

    Moderation(PluginContext& context, const WordFilter& words, ChatStore& store, ClusterBridge& bridge, ChatRelay& relay,
               SocketIoServer& sockets, MuteList& mutes, SignInCheck& signIn, std::recursive_mutex& mutex,
               std::weak_ptr<const void> owner);

    /// Blocking, at start-up: the database's moderators, sanctions and settings into memory.
    void load();
    void subscribe();
    void unsubscribe();

    /// chat:delete, chat:mute, chat:unmute, chat:ban or chat:unban; runs once the sign-in is confirmed (SignInCheck).
    void moderate(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                  nlohmann::json argument, std::optional<std::uint64_t> ackId);
    /// A plugin's deletion: no permission check.
    void deleteMessage(const std::string& roomId, const std::string& messageId);

    // chat:send, under the mutex.
    /// Bans, timeouts, the word filter, the established-user minimum, slow mode.
    std::optional<PostRefusal> checkPost(const std::string& channelId, const std::string& roomId,
                                         const std::string& userId, const std::string& text, std::int64_t nowMs);
    void recordPost(const std::string& roomId, const std::string& userId, std::int64_t nowMs) {
        _policy.recordPost(roomId, userId, nowMs);
    }

    // room:join
    /// Blocking (a worker): whether the user is an admin and how old the
    /// account is, unless already known. Nothing for an unknown user.
    std::optional<LearnedUser> learnUser(const std::string& userId);
    /// Under the mutex: remembers the owner and the user; the join ack's `moderation`.
    nlohmann::json joined(const std::string& roomId, const std::string& ownerId, const std::string& userId,
                          const std::optional<LearnedUser>& learned);

    // ModerationApi, under the mutex unless said otherwise.
    ModeratorRole roleOf(const std::string& roomId, const std::string& ownerId, const std::string& userId, bool admin) const;
    ModerationPolicy& policy() { return _policy; }
    ModerationStore& store() { return _moderationStore; }
    MuteList& timeouts() { return _mutes; }
    void setModerator(const std::string& roomId, const Actor& actor, const std::string& userId,
                      const std::string& userName, bool moderator, Done done);
    void setSettings(const std::string& roomId, const Actor& actor, const RoomChatSettings& settings, Done done);
    void forgetRoom(const std::string& roomId);

private:
    struct Request {
        std::string action;
        std::string roomId;
        std::string target;  ///< user id, or message id for chat:delete
        std::int64_t seconds = 0;
        std::int64_t untilMs = 0;  ///< a timeout's end, fixed once for the ack, the notice and the database
        bool site = false;
        std::string reason;
    };
    static std::optional<std::string> parse(const std::string& action, const nlohmann::json& argument, Request& request);
    void moderateChecked(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                         const nlohmann::json& argument, std::optional<std::uint64_t> ackId);
    /// Under the mutex, permission checked: applies, shares, stores, tells the room.
    void apply(const Request& request, const Actor& actor, const std::string& targetName, const std::string& channelId,
               Done done);
    ModerationLogEntry logEntry(const std::string& roomId, const Actor& actor, std::string action,
                                const std::string& targetId, const std::string& targetName) const;
    void tellRoom(const std::string& roomId, const nlohmann::json& notice);

    PluginContext& _context;
    const WordFilter& _words;
    ChatStore& _store;
    ClusterBridge& _bridge;
    ChatRelay& _relay;
    SocketIoServer& _sockets;
    MuteList& _mutes;
    SignInCheck& _signIn;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
    ModerationPolicy _policy;
    ModerationStore _moderationStore;
    ModerationSync _sync;
    std::map<std::string, std::string> _roomOwners;  ///< learned at room:join; the owner is exempt from slow mode
};

}  // namespace sockstream::chat
