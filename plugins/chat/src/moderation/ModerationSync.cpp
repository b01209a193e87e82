#include "moderation/ModerationSync.h"

#include <nlohmann/json.hpp>

#include "logic/EventArguments.h"

namespace sockstream::chat {

namespace {

const char* kindName(ModerationSync::Change::Kind kind) {
    switch (kind) {
        case ModerationSync::Change::Kind::Moderator: return "moderator";
        case ModerationSync::Change::Kind::Settings: return "settings";
        case ModerationSync::Change::Kind::Ban: break;
    }
    return "ban";
}

std::optional<int> boundedInt(const nlohmann::json& message, const char* key, int max) {
    auto it = message.find(key);
    if (it == message.end() || !it->is_number_integer()) return std::nullopt;
    const auto value = it->get<std::int64_t>();
    if (value < 0 || value > max) return std::nullopt;
    return static_cast<int>(value);
}

}  // namespace

std::string ModerationSync::encode(const Change& change) {
    nlohmann::json message{{"type", kindName(change.kind)}, {"roomId", change.roomId}};
    if (change.kind == Change::Kind::Settings) {
        message["slowModeSeconds"] = change.settings.slowModeSeconds;
        message["establishedMinutes"] = change.settings.establishedMinutes;
    } else {
        message["userId"] = change.userId;
        message["on"] = change.on;
    }
    return message.dump();
}

std::optional<ModerationSync::Change> ModerationSync::decode(const std::string& payload) {
    if (payload.size() > 4096) return std::nullopt;
    auto message = nlohmann::json::parse(payload, nullptr, false);
    if (!message.is_object()) return std::nullopt;
    const auto type = stringField(message, "type");
    auto room = message.find("roomId");
    if (!type || room == message.end() || !room->is_string() || room->get_ref<const std::string&>().size() > kMaxIdBytes)
        return std::nullopt;
    Change change;
    change.roomId = room->get<std::string>();
    if (*type == "settings") {
        const auto slow = boundedInt(message, "slowModeSeconds", RoomChatSettings::kMaxSlowModeSeconds);
        const auto established = boundedInt(message, "establishedMinutes", RoomChatSettings::kMaxEstablishedMinutes);
        if (change.roomId.empty() || !slow || !established) return std::nullopt;
        change.kind = Change::Kind::Settings;
        change.settings = {*slow, *established};
        return change;
    }
    if (*type != "moderator" && *type != "ban") return std::nullopt;
    change.kind = *type == "moderator" ? Change::Kind::Moderator : Change::Kind::Ban;
    const auto user = stringField(message, "userId");
    auto on = message.find("on");
    if (!user || on == message.end() || !on->is_boolean()) return std::nullopt;
    if (change.kind == Change::Kind::Moderator && change.roomId.empty()) return std::nullopt;
    change.userId = *user;
    change.on = on->get<bool>();
    return change;
}

void ModerationSync::apply(ModerationPolicy& policy, const Change& change) {
    switch (change.kind) {
        case Change::Kind::Moderator: return policy.setModerator(change.roomId, change.userId, change.on);
        case Change::Kind::Ban: return policy.setBanned(change.roomId, change.userId, change.on);
        case Change::Kind::Settings: return policy.setSettings(change.roomId, change.settings);
    }
}

void ModerationSync::share(const Change& change) {
    if (_cluster.enabled()) _cluster.publish(kChannel, encode(change));
}

void ModerationSync::subscribe(std::recursive_mutex& mutex, std::weak_ptr<const void> owner) {
    if (!_cluster.enabled()) return;
    _subscription = _cluster.subscribe(kChannel, [this, &mutex, owner](const std::string& payload) {
        auto alive = owner.lock();
        if (!alive) return;
        auto change = decode(payload);
        if (!change) return;
        std::lock_guard lock(mutex);
        apply(_policy, *change);
    });
}

void ModerationSync::unsubscribe() {
    if (_subscription) _cluster.unsubscribe(*_subscription);
    _subscription.reset();
}

}  // namespace sockstream::chat
