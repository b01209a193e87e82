#include "relay/ClusterBridge.h"

#include "logic/WallClock.h"
#include "presence/RoomPresence.h"
#include "socketio/SocketIoServer.h"

namespace sockstream::chat {

void ClusterBridge::shareWithRoom(const std::string& roomId, std::string_view event, const nlohmann::json& argument) {
    _presence.broadcast(roomId, event, argument);
    _relay.shareRoomEmit(roomId, event, argument);
}

void ClusterBridge::shareWithChannel(const std::string& channelId, std::string_view event, const nlohmann::json& argument) {
    _sockets.broadcastToChannel(channelId, event, argument);
    _relay.shareChannelEmit(channelId, event, argument);
}

void ClusterBridge::subscribe(std::recursive_mutex& mutex, std::weak_ptr<const void> owner, MuteHandler onMute,
                              HealthHandler onHealth) {
    if (!_relay.enabled()) return;
    auto on = [&](const char* channel, std::function<void(const std::string&)> handle) {
        _subscriptions.push_back(_relay.cluster().subscribe(channel, [&mutex, owner, handle](const std::string& payload) {
            auto alive = owner.lock();
            if (!alive) return;
            std::lock_guard lock(mutex);
            handle(payload);
        }));
    };
    on(ChatRelay::kRoomChannel, [this](const std::string& payload) {
        if (auto emit = ChatRelay::decodeEmit(payload)) _presence.broadcast(emit->target, emit->event, emit->argument);
    });
    on(ChatRelay::kChannelChannel, [this](const std::string& payload) {
        if (auto emit = ChatRelay::decodeEmit(payload)) _sockets.broadcastToChannel(emit->target, emit->event, emit->argument);
    });
    on(ChatRelay::kMuteChannel, [onMute](const std::string& payload) {
        if (auto mute = ChatRelay::decodeMute(payload)) onMute(*mute);
    });
    on(ChatRelay::kViewersChannel, [this](const std::string& payload) {
        _presence.remoteViewersChanged(_relay.acceptViewers(payload, wallMs()));
    });
    on(ChatRelay::kHealthChannel, [onHealth](const std::string& payload) {
        if (auto health = ChatRelay::decodeHealth(payload)) onHealth(*health);
    });
}

void ClusterBridge::unsubscribe() {
    for (auto id : _subscriptions) _relay.cluster().unsubscribe(id);
    _subscriptions.clear();
}

}  // namespace sockstream::chat
