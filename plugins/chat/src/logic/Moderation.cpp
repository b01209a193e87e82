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
#include "sockstream/data/Database.h"
#include "sockstream/identity/Identity.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Random.h"
#include "sockstream/util/Scheduler.h"
#include "store/ChatStore.h"

namespace sockstream::chat {

const char* roleName(ModeratorRole role) {
    switch (role) {
        case ModeratorRole::Moderator: return "moderator";
        case ModeratorRole::Owner: return "owner";
        case ModeratorRole::Admin: return "admin";
        case ModeratorRole::None: break;
    }
    return "member";
}

Moderation::Moderation(PluginContext& context, const WordFilter& words, ChatStore& store, ClusterBridge& bridge,
                       ChatRelay& relay, SocketIoServer& sockets, MuteList& mutes, SignInCheck& signIn,
                       std::recursive_mutex& mutex, std::weak_ptr<const void> owner)
    : _context(context), _words(words), _store(store), _bridge(bridge), _relay(relay), _sockets(sockets), _mutes(mutes),
      _signIn(signIn), _mutex(mutex), _owner(std::move(owner)), _policy(mutes),
      _moderationStore(context.database(), store), _sync(relay.cluster(), _policy) {}

void Moderation::load() {
    const std::int64_t now = wallMs();
    const ModerationSnapshot snapshot = _moderationStore.load(now);
    std::lock_guard lock(_mutex);
    for (const auto& row : snapshot.moderators) _policy.setModerator(row.roomId, row.userId, true);
    for (const auto& row : snapshot.sanctions) {
        if (row.kind == "timeout") _mutes.set(row.roomId, row.userId, row.untilMs);
        else if (row.kind == "ban") _policy.setBanned(row.roomId, row.userId, true);
    }
    for (const auto& [roomId, settings] : snapshot.settings) _policy.setSettings(roomId, settings);
}

void Moderation::subscribe() {
    _sync.subscribe(_mutex, _owner);
}

void Moderation::unsubscribe() {
    _sync.unsubscribe();
}

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

std::optional<std::string> Moderation::parse(const std::string& action, const nlohmann::json& argument, Request& request) {
    request.action = action;
    const auto roomId = stringField(argument, "roomId");
    const auto target = stringField(argument, action == "chat:delete" ? "messageId" : "userId");
    if (!roomId || !target) return std::string(action == "chat:delete" ? "roomId and messageId are required"
                                                                       : "roomId and userId are required");
    request.roomId = *roomId;
    request.target = *target;
    if (action == "chat:mute") {
        auto it = argument.find("seconds");
        if (it == argument.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0 ||
            it->get<std::int64_t>() > kMaxMuteSeconds)
            return std::string("seconds must be 0 to 604800 (7 days); 0 lifts the timeout");
        request.seconds = it->get<std::int64_t>();
        // 0 lifts it, as chat:unmute does.
        if (request.seconds == 0) request.action = "chat:unmute";
    }
    if (auto it = argument.find("site"); it != argument.end() && !it->is_null()) {
        if (!it->is_boolean() || (action != "chat:ban" && action != "chat:unban"))
            return std::string("site is a boolean of chat:ban and chat:unban");
        request.site = it->get<bool>();
    }
    if (auto it = argument.find("reason"); it != argument.end() && !it->is_null()) {
        if (!it->is_string() || it->get_ref<const std::string&>().size() > kMaxReasonBytes)
            return "reason must be text of at most " + std::to_string(kMaxReasonBytes) + " bytes";
        request.reason = it->get<std::string>();
    }
    return std::nullopt;
}

void Moderation::moderateChecked(const EngineSessionPtr& session, NamespaceSocket& socket, const std::string& action,
                                 const nlohmann::json& argument, std::optional<std::uint64_t> ackId) {
    const std::string channelId = socket.channelId;
    if (!session->user) return _sockets.ackError(session, channelId, ackId, "unauthorized", "sign in first");
    Request request;
    if (!argument.is_object())
        return _sockets.ackError(session, channelId, ackId, "invalid_request", "the argument must be an object");
    if (auto invalid = parse(action, argument, request))
        return _sockets.ackError(session, channelId, ackId, "invalid_request", *invalid);
    std::weak_ptr<EngineSession> weakSession = session;
    Actor actor{session->user->id, session->user->name, ModeratorRole::None};
    _context.scheduler().postBlocking([this, owner = _owner, weakSession, channelId, request, actor, ackId]() mutable {
        auto alive = owner.lock();
        if (!alive) return;
        std::optional<Room> room;
        bool admin = false;
        bool targetAdmin = false;
        std::optional<User> target;
        bool failed = false;
        const bool onUser = request.action != "chat:delete";
        try {
            room = _context.rooms().findRoom(request.roomId);
            admin = _context.rooms().isAdminUser(actor.id);
            if (room && onUser) {
                target = _context.identity().findUserById(request.target);
                targetAdmin = target && _context.rooms().isAdminUser(request.target);
            }
        } catch (const std::exception& e) {
            failed = true;
            _context.logger().error(std::string("chat: moderation check failed: ") + e.what());
        }
        std::lock_guard lock(_mutex);
        auto refuse = [&](const char* code, const std::string& message) {
            _sockets.ackError(weakSession, channelId, ackId, code, message);
        };
        if (failed) return refuse("internal_error", "try again later");
        if (!room || room->channelId != channelId) return refuse("room_not_found", "no such room in this channel");
        _roomOwners[room->id] = room->ownerId;
        actor.role = roleOf(room->id, room->ownerId, actor.id, admin);
        if (request.site && !admin) return refuse("forbidden", "only site admins ban from the whole site");
        if (actor.role == ModeratorRole::None)
            return refuse("forbidden", "only the room's owner, its moderators and site admins may moderate");
        if (onUser) {
            if (!target) return refuse("user_not_found", "no such user");
            if (request.target == actor.id) return refuse("invalid_request", "you cannot moderate yourself");
            if (request.target == room->ownerId || targetAdmin)
                return refuse("forbidden", "the room's owner and site admins cannot be timed out or banned");
            if (actor.role == ModeratorRole::Moderator && _policy.isModerator(room->id, request.target))
                return refuse("forbidden", "moderators cannot time out or ban other moderators");
        }
        if (request.action == "chat:mute") request.untilMs = wallMs() + request.seconds * 1000;
        const std::int64_t until = request.untilMs;
        apply(request, actor, target ? target->name : std::string(), channelId,
              [this, owner, weakSession, channelId, ackId, until](bool stored) {
                  auto alive = owner.lock();
                  if (!alive) return;
                  std::lock_guard lock(_mutex);
                  if (!stored)
                      return _sockets.ackError(weakSession, channelId, ackId, "not_saved",
                                               "It applies now but could not be saved; try again.");
                  nlohmann::json ok{{"ok", true}};
                  if (until) ok["until"] = until;
                  _sockets.ack(weakSession, channelId, ackId, ok);
              });
    });
}

ModeratorRole Moderation::roleOf(const std::string& roomId, const std::string& ownerId, const std::string& userId,
                                 bool admin) const {
    if (userId.empty()) return ModeratorRole::None;
    if (userId == ownerId) return ModeratorRole::Owner;
    if (admin) return ModeratorRole::Admin;
    if (_policy.isModerator(roomId, userId)) return ModeratorRole::Moderator;
    return ModeratorRole::None;
}

ModerationLogEntry Moderation::logEntry(const std::string& roomId, const Actor& actor, std::string action,
                                        const std::string& targetId, const std::string& targetName) const {
    ModerationLogEntry entry;
    entry.id = secureRandomToken(12);
    entry.roomId = roomId;
    entry.atMs = wallMs();
    entry.actorId = actor.id;
    entry.actorName = actor.name;
    entry.action = std::move(action);
    entry.targetId = targetId;
    entry.targetName = targetName;
    return entry;
}

void Moderation::tellRoom(const std::string& roomId, const nlohmann::json& notice) {
    _bridge.shareWithRoom(roomId, "chat:moderation", notice);
}

void Moderation::apply(const Request& request, const Actor& actor, const std::string& targetName,
                       const std::string& channelId, Done done) {
    const std::string& roomId = request.roomId;
    const std::string by = roleName(actor.role);
    if (request.action == "chat:delete") {
        const char* deletedBy = actor.role == ModeratorRole::Owner       ? kDeletedByOwner
                                : actor.role == ModeratorRole::Moderator ? kDeletedByModerator
                                                                         : kDeletedByAdmin;
        auto entry = logEntry(roomId, actor, "delete", "", "");
        entry.detail = request.target;
        entry.reason = request.reason;
        _store.removeMessage(roomId, request.target,
                             [this, owner = _owner, roomId, messageId = request.target, deletedBy, entry,
                              done = std::move(done)](bool removed) {
                                 auto alive = owner.lock();
                                 if (!alive) return;
                                 {
                                     std::lock_guard lock(_mutex);
                                     if (removed)
                                         _bridge.shareWithRoom(roomId, "chat:deleted",
                                                               deletedEvent(roomId, messageId, deletedBy));
                                 }
                                 if (!removed) return done(false);
                                 _moderationStore.addLog(entry, done);
                             });
        return;
    }
    nlohmann::json notice{{"roomId", roomId}, {"userId", request.target}, {"userName", targetName}, {"by", by}};
    if (request.action == "chat:mute" || request.action == "chat:unmute") {
        const bool on = request.action == "chat:mute";
        const std::int64_t until = on ? request.untilMs : 0;
        _mutes.set(roomId, request.target, until);
        _relay.shareMute({roomId, request.target, until});
        auto entry = logEntry(roomId, actor, on ? "timeout" : "untimeout", request.target, targetName);
        entry.reason = request.reason;
        entry.untilMs = until;
        _moderationStore.setSanction({roomId, request.target, "timeout", targetName, until}, on, entry, std::move(done));
        notice["action"] = on ? "timeout" : "untimeout";
        notice["until"] = on ? nlohmann::json(until) : nlohmann::json(nullptr);
        return tellRoom(roomId, notice);
    }
    // chat:ban / chat:unban; the site's bans are kept under room id "" and
    // logged in the room they were made from.
    const bool on = request.action == "chat:ban";
    const std::string scope = request.site ? std::string() : roomId;
    _policy.setBanned(scope, request.target, on);
    _sync.share({ModerationSync::Change::Kind::Ban, scope, request.target, on, {}});
    const std::string action = std::string(request.site ? "site_" : "") + (on ? "ban" : "unban");
    auto entry = logEntry(roomId, actor, action, request.target, targetName);
    entry.reason = request.reason;
    _moderationStore.setSanction({scope, request.target, "ban", targetName, 0}, on, entry, std::move(done));
    notice["action"] = action;
    if (!request.site) return tellRoom(roomId, notice);
    notice["roomId"] = nullptr;
    for (const auto& channel : _context.rooms().channels()) _bridge.shareWithChannel(channel.id, "chat:moderation", notice);
    (void)channelId;
}

void Moderation::setModerator(const std::string& roomId, const Actor& actor, const std::string& userId,
                              const std::string& userName, bool moderator, Done done) {
    _policy.setModerator(roomId, userId, moderator);
    _sync.share({ModerationSync::Change::Kind::Moderator, roomId, userId, moderator, {}});
    auto entry = logEntry(roomId, actor, moderator ? "moderator_add" : "moderator_remove", userId, userName);
    _moderationStore.setModerator({roomId, userId, userName, entry.atMs}, moderator, entry, std::move(done));
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& id : _policy.moderators(roomId)) ids.push_back(id);
    _bridge.shareWithRoom(roomId, "chat:moderators", {{"roomId", roomId}, {"moderators", std::move(ids)}});
}

void Moderation::setSettings(const std::string& roomId, const Actor& actor, const RoomChatSettings& settings, Done done) {
    _policy.setSettings(roomId, settings);
    _sync.share({ModerationSync::Change::Kind::Settings, roomId, {}, false, settings});
    auto entry = logEntry(roomId, actor, "settings", "", "");
    entry.detail = "slowModeSeconds=" + std::to_string(settings.slowModeSeconds) +
                   " establishedMinutes=" + std::to_string(settings.establishedMinutes);
    _moderationStore.setSettings(roomId, settings, entry, std::move(done));
    _bridge.shareWithRoom(roomId, "chat:settings",
                          {{"roomId", roomId},
                           {"slowModeSeconds", settings.slowModeSeconds},
                           {"establishedMinutes", settings.establishedMinutes}});
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

std::optional<PostRefusal> Moderation::checkPost(const std::string& channelId, const std::string& roomId,
                                                 const std::string& userId, const std::string& text, std::int64_t nowMs) {
    auto owner = _roomOwners.find(roomId);
    const bool staff = (owner != _roomOwners.end() && owner->second == userId) || _policy.isModerator(roomId, userId) ||
                       _policy.knownAdmin(userId);
    if (auto refused = _policy.checkPost(roomId, userId, staff, nowMs)) return refused;
    if (_words.refuses(channelId, text))
        return PostRefusal{"word_filtered", "Your message contains a word or phrase this channel does not allow.", 0};
    return std::nullopt;
}

std::optional<Moderation::LearnedUser> Moderation::learnUser(const std::string& userId) {
    {
        std::lock_guard lock(_mutex);
        if (_policy.accountCreatedAt(userId))
            return LearnedUser{userId, _policy.knownAdmin(userId), *_policy.accountCreatedAt(userId)};
    }
    auto user = _context.identity().findUserById(userId);
    if (!user) return std::nullopt;
    return LearnedUser{userId, _context.rooms().isAdminUser(userId), user->createdAt};
}

nlohmann::json Moderation::joined(const std::string& roomId, const std::string& ownerId, const std::string& userId,
                                  const std::optional<LearnedUser>& learned) {
    _roomOwners[roomId] = ownerId;
    if (learned) _policy.rememberUser(learned->id, learned->admin, learned->createdAtMs);
    const RoomChatSettings settings = _policy.settings(roomId);
    const std::int64_t now = wallMs();
    nlohmann::json moderators = nlohmann::json::array();
    for (const auto& id : _policy.moderators(roomId)) moderators.push_back(id);
    nlohmann::json state{{"role", userId.empty() ? "anonymous" : roleName(roleOf(roomId, ownerId, userId, learned && learned->admin))},
                         {"moderators", std::move(moderators)},
                         {"slowModeSeconds", settings.slowModeSeconds},
                         {"establishedMinutes", settings.establishedMinutes},
                         {"timedOutUntil", nullptr},
                         {"banned", false},
                         {"bannedOnSite", false}};
    if (userId.empty()) return state;
    if (auto until = _mutes.until(roomId, userId, now)) state["timedOutUntil"] = *until;
    state["banned"] = _policy.bannedInRoom(roomId, userId);
    state["bannedOnSite"] = _policy.bannedOnSite(userId);
    return state;
}

void Moderation::forgetRoom(const std::string& roomId) {
    _policy.forgetRoom(roomId);
    _roomOwners.erase(roomId);
}

}  // namespace sockstream::chat
