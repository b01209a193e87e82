#include "logic/Moderation.h"

#include <Poco/Logger.h>

#include "logic/DeletedEvent.h"
#include "logic/EventArguments.h"
#include "logic/MuteList.h"
#include "logic/SignInCheck.h"
#include "logic/WallClock.h"
#include "relay/ChatRelay.h"
#include "relay/ClusterBridge.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Scheduler.h"
#include "store/ChatStore.h"

namespace sockstream::chat {

Moderation::Moderation(PluginContext& context, ChatStore& store, ClusterBridge& bridge, ChatRelay& relay,
                       SocketIoServer& sockets, MuteList& mutes, SignInCheck& signIn, std::recursive_mutex& mutex,
                       std::weak_ptr<const void> owner)
    : _context(context), _store(store), _bridge(bridge), _relay(relay), _sockets(sockets), _mutes(mutes), _signIn(signIn),
      _mutex(mutex),
      _owner(std::move(owner)) {}

void Moderation::moderate(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                          nlohmann::json argument, std::optional<std::uint64_t> ackId) {
    std::weak_ptr<EngineSession> weakSession = session;
    _signIn.verify(session, [this, weakSession, channelId = socket.channelId, action, argument = std::move(argument),
                             ackId](SignInCheck::Verdict verdict) {
        auto session = weakSession.lock();
        NamespaceSocket* socket = session && !session->closed ? session->socketFor(channelId) : nullptr;
        if (!socket) return;
        if (verdict == SignInCheck::Verdict::SignedOut)
            return _sockets.ackError(session, channelId, ackId, "signed_out", "You were signed out. Sign in again.");
        moderateChecked(session, *socket, action, argument, ackId);
    });
}

void Moderation::moderateChecked(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                                 const nlohmann::json& argument, std::optional<std::uint64_t> ackId) {
    const std::string channelId = socket.channelId;
    if (!session->user) return _sockets.ackError(session, channelId, ackId, "unauthorized", "sign in first");
    const auto roomId = stringField(argument, "roomId");
    const auto target = stringField(argument, action == "chat:delete" ? "messageId" : "userId");
    std::int64_t seconds = 0;
    if (action == "chat:mute") {
        auto it = argument.is_object() ? argument.find("seconds") : argument.end();
        if (it == argument.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0 ||
            it->get<std::int64_t>() > kMaxMuteSeconds)
            return _sockets.ackError(session, channelId, ackId, "invalid_request", "seconds must be 0 to 604800");
        seconds = it->get<std::int64_t>();
    }
    if (!roomId || !target) return _sockets.ackError(session, channelId, ackId, "invalid_request", "missing roomId or target");
    std::weak_ptr<EngineSession> weakSession = session;
    const std::string userId = session->user->id;
    _context.scheduler().postBlocking([this, owner = _owner, weakSession, channelId, action, roomId = *roomId,
                                       target = *target, seconds, userId, ackId] {
        auto alive = owner.lock();
        if (!alive) return;
        bool allowed = false;
        std::optional<Room> room;
        try {
            room = _context.rooms().findRoom(roomId);
            allowed = room && room->channelId == channelId && _context.rooms().isOwnerOrAdmin(roomId, userId);
        } catch (const std::exception& e) {
            _context.logger().error(std::string("chat: moderation check failed: ") + e.what());
        }
        std::lock_guard lock(_mutex);
        if (!room) return _sockets.ackError(weakSession, channelId, ackId, "room_not_found", "no such room");
        if (!allowed) return _sockets.ackError(weakSession, channelId, ackId, "forbidden", "only the room's owner may moderate");
        if (action == "chat:mute") {
            const std::int64_t until = seconds == 0 ? 0 : wallMs() + seconds * 1000;
            _mutes.set(roomId, target, until);
            _relay.shareMute({roomId, target, until});
            return _sockets.ack(weakSession, channelId, ackId, {{"ok", true}});
        }
        // Who deleted it, for "message deleted by the host" (issue 19): only the owner and admins may.
        const char* by = room->ownerId == userId ? kDeletedByOwner : kDeletedByAdmin;
        _store.removeMessage(roomId, target, [this, owner, weakSession, channelId, roomId, target, ackId, by](bool removed) {
            auto alive = owner.lock();
            if (!alive) return;
            std::lock_guard lock(_mutex);
            if (removed) _bridge.shareWithRoom(roomId, "chat:deleted", deletedEvent(roomId, target, by));
            if (removed) _sockets.ack(weakSession, channelId, ackId, {{"ok", true}});
            else _sockets.ackError(weakSession, channelId, ackId, "internal_error", "the message could not be deleted");
        });
    });
}

void Moderation::deleteMessage(const std::string& roomId, const std::string& messageId) {
    _store.removeMessage(roomId, messageId, [this, owner = _owner, roomId, messageId](bool removed) {
        auto alive = owner.lock();
        if (!alive || !removed) return;
        std::lock_guard lock(_mutex);
        // A plugin's deletion is automatic moderation.
        _bridge.shareWithRoom(roomId, "chat:deleted", deletedEvent(roomId, messageId, kDeletedByModerator));
    });
}

}  // namespace sockstream::chat
