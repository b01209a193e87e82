#include "ChatHub.h"

#include <set>
#include <stdexcept>

#include "engineio/EngineIoServer.h"
#include "logic/ChatEvents.h"
#include "logic/MessagePipeline.h"
#include "logic/Moderation.h"
#include "moderation/ModerationApi.h"
#include "logic/RoomNotices.h"
#include "logic/SignInCheck.h"
#include "presence/RoomPresence.h"
#include "protocol/ProtocolLimits.h"
#include "relay/ChatRelay.h"
#include "relay/ClusterBridge.h"
#include "socketio/PluginNamespaces.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Scheduler.h"
#include "store/ChatStore.h"

namespace sockstream::chat {

std::shared_ptr<ChatHub> ChatHub::create(PluginContext& context, const ChatConfig& config, EngineIoServer& server,
                                         ChatStore& store) {
    std::shared_ptr<ChatHub> hub(new ChatHub(context, config, server, store));
    hub->assemble();
    return hub;
}

ChatHub::ChatHub(PluginContext& context, const ChatConfig& config, EngineIoServer& server, ChatStore& store)
    : _context(context), _config(config), _words(config.wordFilter), _server(server), _store(store),
      _mutex(server.mutex()) {}

ChatHub::~ChatHub() = default;

void ChatHub::assemble() {
    const std::weak_ptr<const void> owner = std::weak_ptr<const ChatHub>(shared_from_this());
    ProtocolLimits limits;
    limits.maxPayloadBytes = _config.maxPayload;
    limits.maxAttachmentBytes = _config.maxPayload;
    FanOutPacing pacing;
    pacing.writesPerSecond = _config.fanOutWritesPerSecond;
    pacing.maxDelay = std::chrono::milliseconds(_config.maxFanOutDelayMs);
    std::set<std::string> channels;
    for (const auto& channel : _context.rooms().channels()) channels.insert(channel.id);
    const std::set<std::string> channelIds = channels;

    _relay = std::make_unique<ChatRelay>(_context.cluster());
    _sockets = std::make_unique<SocketIoServer>(_server, std::move(channels), limits);
    _presence = std::make_unique<RoomPresence>(_context, _server, *_relay, pacing, owner);
    _bridge = std::make_unique<ClusterBridge>(*_relay, *_presence, *_sockets);
    _signIn = std::make_unique<SignInCheck>(_context, *_sockets, *_presence, _mutex, owner);
    for (const auto& [channelId, list] : _config.wordFilter)
        if (!channelIds.count(channelId))
            throw std::invalid_argument("chat: wordFilter names channel \"" + channelId + "\", which the config does not have");
    _moderation = std::make_unique<Moderation>(_context, _words, _store, *_bridge, *_relay, *_sockets, _mutes, *_signIn,
                                               _mutex, owner);
    _moderation->load();
    _moderationApi = std::make_unique<ModerationApi>(_context, *_moderation, _mutex, owner);
    _messages = std::make_unique<MessagePipeline>(_context, _config, _store, *_bridge, *_sockets, *_moderation, *_signIn,
                                                  _mutex, owner);
    _events = std::make_unique<ChatEvents>(_context, _config, _store, *_sockets, *_presence, *_messages, *_moderation,
                                           _mutes, _mutex, owner);
    _notices = std::make_unique<RoomNotices>(_context, *_sockets, *_presence, _store, _mutes, *_relay, _mutex, owner);
    _namespaces = std::make_unique<PluginNamespaces>(_context, _config, limits, _server, *_sockets, _mutex, owner);
    _sockets->setHandler(_events.get());
    _sockets->setPluginNamespaces(_namespaces.get());
}

void ChatHub::attach() {
    _server.setListener(_sockets.get());
    _notices->subscribe();
    const std::weak_ptr<const void> owner = std::weak_ptr<const ChatHub>(shared_from_this());
    _bridge->subscribe(
        _mutex, owner, [this](const ChatRelay::Mute& mute) { _mutes.set(mute.roomId, mute.userId, mute.untilMs); },
        [this](const ChatRelay::Health& health) { _notices->forwardHealth(health.roomId, health.recipientUserIds, health.health); });
    _signIn->subscribe();
    _namespaces->subscribe();
    _moderation->subscribe();
    _moderationApi->registerRoutes();
    std::weak_ptr<ChatHub> weak = shared_from_this();
    _signInTimer = _context.scheduler().every(std::chrono::seconds(1), [weak] {
        if (auto self = weak.lock()) {
            std::lock_guard lock(self->_mutex);
            self->_signIn->tick();
        }
    });
}

void ChatHub::stop() {
    if (_signInTimer) _signInTimer->cancel();
    _signIn->unsubscribe();
    _moderation->unsubscribe();
    _notices->unsubscribe();
    _bridge->unsubscribe();
    _namespaces->unsubscribe();
    // The other servers stop counting our members now rather than after the TTL.
    _relay->shareViewers({});
    std::lock_guard lock(_mutex);
    _events->clearHandlers();
    _messages->clearFilters();
    _namespaces->clear();
    _presence->clear();
    _signIn->clear();
    _sockets->clear();
    _server.setListener(nullptr);
}

ChatHookId ChatHub::addEventHandler(const std::string& event, ChatEventHandler handler) {
    if (event.rfind("room:", 0) == 0 || event.rfind("chat:", 0) == 0 || isReservedEventName(event))
        throw std::invalid_argument("chat: event name reserved: " + event);
    std::lock_guard lock(_mutex);
    const ChatHookId id = _nextHook++;
    _events->addHandler(id, event, std::move(handler));
    return id;
}

ChatHookId ChatHub::addMessageFilter(ChatMessageFilter filter) {
    std::lock_guard lock(_mutex);
    const ChatHookId id = _nextHook++;
    _messages->addFilter(id, std::move(filter));
    return id;
}

void ChatHub::removeHook(ChatHookId id) {
    std::lock_guard lock(_mutex);
    _events->removeHandler(id);
    _messages->removeFilter(id);
    _namespaces->remove(id);
}

void ChatHub::emitToRoom(const std::string& roomId, const std::string& event, const std::string& argumentJson) {
    auto argument = nlohmann::json::parse(argumentJson, nullptr, false);
    if (argument.is_discarded()) throw std::invalid_argument("chat: emitToRoom needs a JSON argument");
    std::lock_guard lock(_mutex);
    _bridge->shareWithRoom(roomId, event, argument);
}

void ChatHub::emitToChannel(const std::string& channelId, const std::string& event, const std::string& argumentJson) {
    auto argument = nlohmann::json::parse(argumentJson, nullptr, false);
    if (argument.is_discarded()) throw std::invalid_argument("chat: emitToChannel needs a JSON argument");
    std::lock_guard lock(_mutex);
    _bridge->shareWithChannel(channelId, event, argument);
}

bool ChatHub::postMessage(const std::string& roomId, const ChatUser& author, const std::string& text) {
    std::lock_guard lock(_mutex);
    return _messages->post(roomId, author, text);
}

void ChatHub::deleteMessage(const std::string& roomId, const std::string& messageId) {
    _moderation->deleteMessage(roomId, messageId);
}

int ChatHub::viewerCount(const std::string& roomId) const {
    std::lock_guard lock(_mutex);
    return _presence->totalViewers(roomId);
}

ChatHookId ChatHub::addNamespace(const std::string& nsp, ChatNamespaceHooks hooks) {
    std::lock_guard lock(_mutex);
    const ChatHookId id = _nextHook++;
    _namespaces->add(id, nsp, std::move(hooks));
    return id;
}

ChatHookId ChatHub::useConnectMiddleware(const std::string& nsp, ChatConnectMiddleware middleware) {
    std::lock_guard lock(_mutex);
    const ChatHookId id = _nextHook++;
    _namespaces->addConnectMiddleware(id, nsp, std::move(middleware));
    return id;
}

ChatHookId ChatHub::useEventMiddleware(const std::string& nsp, ChatEventMiddleware middleware) {
    std::lock_guard lock(_mutex);
    const ChatHookId id = _nextHook++;
    _namespaces->addEventMiddleware(id, nsp, std::move(middleware));
    return id;
}

bool ChatHub::emitToSocket(const std::string& nsp, const std::string& socketId, const std::string& event,
                           const ChatPayload& args) {
    std::lock_guard lock(_mutex);
    return _namespaces->emitToSocket(nsp, socketId, event, args, std::nullopt);
}

bool ChatHub::emitToSocketWithAck(const std::string& nsp, const std::string& socketId, const std::string& event,
                                  const ChatPayload& args, std::chrono::milliseconds timeout, ChatAckCallback onAnswer) {
    if (!onAnswer) throw std::invalid_argument("chat: emitToSocketWithAck needs a callback");
    std::lock_guard lock(_mutex);
    return _namespaces->emitToSocket(nsp, socketId, event, args, std::make_pair(timeout, std::move(onAnswer)));
}

void ChatHub::emitToNamespaceRoom(const std::string& nsp, const std::string& room, const std::string& event,
                                  const ChatPayload& args) {
    std::lock_guard lock(_mutex);
    _namespaces->emitToRoom(nsp, room, event, args);
}

void ChatHub::emitToNamespace(const std::string& nsp, const std::string& event, const ChatPayload& args) {
    std::lock_guard lock(_mutex);
    _namespaces->emitToNamespace(nsp, event, args);
}

bool ChatHub::joinSocketRoom(const std::string& nsp, const std::string& socketId, const std::string& room) {
    std::lock_guard lock(_mutex);
    return _namespaces->join(nsp, socketId, room);
}

bool ChatHub::leaveSocketRoom(const std::string& nsp, const std::string& socketId, const std::string& room) {
    std::lock_guard lock(_mutex);
    return _namespaces->leave(nsp, socketId, room);
}

bool ChatHub::disconnectSocket(const std::string& nsp, const std::string& socketId) {
    std::lock_guard lock(_mutex);
    return _namespaces->disconnect(nsp, socketId);
}

}  // namespace sockstream::chat
