#include "ChatRelay.h"

#include "protocol/ProtocolError.h"
#include "protocol/SocketIoPacket.h"

namespace sockstream::chat {

namespace {

constexpr std::size_t kMaxDepth = 32;
constexpr std::size_t kMaxId = 128;
constexpr std::size_t kMaxRoomsPerServer = 100'000;
constexpr std::size_t kMaxServers = 1'000;
constexpr std::size_t kMaxRecipients = 1'000;  ///< the owner and the admins

std::optional<nlohmann::json> parsed(const std::string& payload) {
    try {
        auto value = parseJson(payload, kMaxDepth);
        if (value.is_object()) return value;
    } catch (const ProtocolError&) {
    }
    return std::nullopt;
}

std::optional<std::string> idField(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    const auto& value = it->get_ref<const std::string&>();
    if (value.empty() || value.size() > kMaxId) return std::nullopt;
    return value;
}

std::set<std::string> roomsOf(const std::map<std::string, int>& counts) {
    std::set<std::string> rooms;
    for (const auto& [roomId, count] : counts) rooms.insert(roomId);
    return rooms;
}

}  // namespace

void ChatRelay::publish(const char* channel, const nlohmann::json& message) {
    if (!_cluster.enabled()) return;
    _cluster.publish(channel, message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void ChatRelay::shareRoomEmit(const std::string& roomId, std::string_view event, const nlohmann::json& argument) {
    if (!enabled()) return;  // every chat message passes here: build nothing on a single server
    publish(kRoomChannel, {{"to", roomId}, {"event", event}, {"arg", argument}});
}

void ChatRelay::shareChannelEmit(const std::string& channelId, std::string_view event, const nlohmann::json& argument) {
    if (!enabled()) return;
    publish(kChannelChannel, {{"to", channelId}, {"event", event}, {"arg", argument}});
}

void ChatRelay::shareMute(const Mute& mute) {
    publish(kMuteChannel, {{"roomId", mute.roomId}, {"userId", mute.userId}, {"until", mute.untilMs}});
}

void ChatRelay::shareViewers(const std::map<std::string, int>& counts) {
    publish(kViewersChannel, {{"server", _cluster.serverId()}, {"counts", counts}});
}

std::optional<ChatRelay::Emit> ChatRelay::decodeEmit(const std::string& payload) {
    auto message = parsed(payload);
    if (!message) return std::nullopt;
    auto target = idField(*message, "to");
    auto event = idField(*message, "event");
    auto argument = message->find("arg");
    if (!target || !event || argument == message->end()) return std::nullopt;
    return Emit{*target, *event, std::move(*argument)};
}

void ChatRelay::shareHealth(const Health& health) {
    if (!enabled()) return;
    publish(kHealthChannel, {{"roomId", health.roomId}, {"to", health.recipientUserIds}, {"health", health.health}});
}

std::optional<ChatRelay::Health> ChatRelay::decodeHealth(const std::string& payload) {
    auto message = parsed(payload);
    if (!message) return std::nullopt;
    auto roomId = idField(*message, "roomId");
    auto to = message->find("to");
    auto health = message->find("health");
    if (!roomId || to == message->end() || !to->is_array() || to->size() > kMaxRecipients || health == message->end() ||
        !health->is_object())
        return std::nullopt;
    Health decoded{*roomId, {}, std::move(*health)};
    for (const auto& userId : *to)
        if (userId.is_string() && !userId.get_ref<const std::string&>().empty() && userId.get_ref<const std::string&>().size() <= kMaxId)
            decoded.recipientUserIds.push_back(userId.get<std::string>());
    return decoded;
}

std::optional<ChatRelay::Mute> ChatRelay::decodeMute(const std::string& payload) {
    auto message = parsed(payload);
    if (!message) return std::nullopt;
    auto roomId = idField(*message, "roomId");
    auto userId = idField(*message, "userId");
    auto until = message->find("until");
    if (!roomId || !userId || until == message->end() || !until->is_number_integer()) return std::nullopt;
    return Mute{*roomId, *userId, std::max<std::int64_t>(0, until->get<std::int64_t>())};
}

std::set<std::string> ChatRelay::acceptViewers(const std::string& payload, std::int64_t nowMs) {
    auto message = parsed(payload);
    if (!message) return {};
    auto server = idField(*message, "server");
    auto counts = message->find("counts");
    if (!server || counts == message->end() || !counts->is_object() || counts->size() > kMaxRoomsPerServer) return {};
    std::map<std::string, int> fresh;
    for (const auto& [roomId, count] : counts->items()) {
        if (roomId.empty() || roomId.size() > kMaxId || !count.is_number_integer()) continue;
        const auto value = count.get<std::int64_t>();
        if (value > 0 && value < 10'000'000) fresh.emplace(roomId, static_cast<int>(value));
    }
    if (_servers.find(*server) == _servers.end() && _servers.size() >= kMaxServers) return {};
    ServerCounts& entry = _servers[*server];
    std::set<std::string> changed;
    for (const auto& [roomId, count] : fresh)
        if (auto old = entry.counts.find(roomId); old == entry.counts.end() || old->second != count) changed.insert(roomId);
    for (const auto& [roomId, count] : entry.counts)
        if (fresh.find(roomId) == fresh.end()) changed.insert(roomId);
    entry.counts = std::move(fresh);
    entry.seenMs = nowMs;
    return changed;
}

std::set<std::string> ChatRelay::expireViewers(std::int64_t nowMs) {
    std::set<std::string> changed;
    for (auto it = _servers.begin(); it != _servers.end();) {
        if (nowMs - it->second.seenMs > kViewersTtlMs) {
            changed.merge(roomsOf(it->second.counts));
            it = _servers.erase(it);
        } else {
            ++it;
        }
    }
    return changed;
}

int ChatRelay::remoteViewers(const std::string& roomId) const {
    int total = 0;
    for (const auto& [server, entry] : _servers)
        if (auto it = entry.counts.find(roomId); it != entry.counts.end()) total += it->second;
    return total;
}

}  // namespace sockstream::chat
