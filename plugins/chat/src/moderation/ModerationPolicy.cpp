#include "moderation/ModerationPolicy.h"

#include <algorithm>

#include "logic/MuteList.h"

namespace sockstream::chat {

void ModerationPolicy::setModerator(const std::string& roomId, const std::string& userId, bool moderator) {
    if (moderator) return void(_moderators[roomId].insert(userId));
    auto it = _moderators.find(roomId);
    if (it == _moderators.end()) return;
    it->second.erase(userId);
    if (it->second.empty()) _moderators.erase(it);
}

bool ModerationPolicy::isModerator(const std::string& roomId, const std::string& userId) const {
    auto it = _moderators.find(roomId);
    return it != _moderators.end() && it->second.count(userId) > 0;
}

std::vector<std::string> ModerationPolicy::moderators(const std::string& roomId) const {
    auto it = _moderators.find(roomId);
    if (it == _moderators.end()) return {};
    return {it->second.begin(), it->second.end()};
}

void ModerationPolicy::setBanned(const std::string& roomId, const std::string& userId, bool banned) {
    if (roomId.empty()) {
        if (banned) _siteBans.insert(userId);
        else _siteBans.erase(userId);
        return;
    }
    if (banned) return void(_bans[roomId].insert(userId));
    auto it = _bans.find(roomId);
    if (it == _bans.end()) return;
    it->second.erase(userId);
    if (it->second.empty()) _bans.erase(it);
}

bool ModerationPolicy::bannedInRoom(const std::string& roomId, const std::string& userId) const {
    auto it = _bans.find(roomId);
    return it != _bans.end() && it->second.count(userId) > 0;
}

bool ModerationPolicy::bannedOnSite(const std::string& userId) const {
    return _siteBans.count(userId) > 0;
}

std::vector<std::string> ModerationPolicy::bannedUsers(const std::string& roomId) const {
    if (roomId.empty()) return {_siteBans.begin(), _siteBans.end()};
    auto it = _bans.find(roomId);
    if (it == _bans.end()) return {};
    return {it->second.begin(), it->second.end()};
}

void ModerationPolicy::setSettings(const std::string& roomId, const RoomChatSettings& settings) {
    if (settings == RoomChatSettings{}) _settings.erase(roomId);
    else _settings[roomId] = settings;
}

RoomChatSettings ModerationPolicy::settings(const std::string& roomId) const {
    auto it = _settings.find(roomId);
    return it == _settings.end() ? RoomChatSettings{} : it->second;
}

void ModerationPolicy::rememberUser(const std::string& userId, bool admin, std::int64_t createdAtMs) {
    if (_users.size() >= kMaxRememberedUsers && _users.find(userId) == _users.end()) {
        // Bounded: forget about half; whoever joins again is looked up again.
        std::size_t n = 0;
        std::erase_if(_users, [&](const auto&) { return n++ % 2 == 0; });
    }
    _users[userId] = KnownUser{admin, createdAtMs};
}

bool ModerationPolicy::knownAdmin(const std::string& userId) const {
    auto it = _users.find(userId);
    return it != _users.end() && it->second.admin;
}

std::optional<std::int64_t> ModerationPolicy::accountCreatedAt(const std::string& userId) const {
    auto it = _users.find(userId);
    if (it == _users.end()) return std::nullopt;
    return it->second.createdAtMs;
}

std::optional<PostRefusal> ModerationPolicy::checkPost(const std::string& roomId, const std::string& userId, bool staff,
                                                       std::int64_t nowMs) const {
    if (bannedOnSite(userId))
        return PostRefusal{"banned", "You are banned from chat on this site.", 0};
    if (bannedInRoom(roomId, userId))
        return PostRefusal{"banned", "You are banned from this room's chat.", 0};
    if (const auto until = _timeouts.until(roomId, userId, nowMs))
        return PostRefusal{"muted", "You are timed out in this room's chat.", *until};
    if (staff) return std::nullopt;
    const RoomChatSettings rules = settings(roomId);
    if (rules.establishedMinutes > 0) {
        const auto created = accountCreatedAt(userId);
        const std::int64_t minimumMs = std::int64_t{rules.establishedMinutes} * 60'000;
        // Unknown (not looked up yet): refused like a new account, never let through.
        if (!created || nowMs - *created < minimumMs)
            return PostRefusal{"not_established",
                               "This room's chat takes messages from accounts at least " +
                                   std::to_string(rules.establishedMinutes) + " minutes old.",
                               created ? *created + minimumMs : 0};
    }
    if (rules.slowModeSeconds > 0) {
        auto it = _lastPost.find(key(roomId, userId));
        const std::int64_t next = it == _lastPost.end() ? 0 : it->second + std::int64_t{rules.slowModeSeconds} * 1000;
        if (next > nowMs)
            return PostRefusal{"slow_mode",
                               "Slow mode: one message every " + std::to_string(rules.slowModeSeconds) + " seconds.",
                               next};
    }
    return std::nullopt;
}

void ModerationPolicy::recordPost(const std::string& roomId, const std::string& userId, std::int64_t nowMs) {
    if (settings(roomId).slowModeSeconds > 0) _lastPost[key(roomId, userId)] = nowMs;
}

void ModerationPolicy::prune(std::int64_t nowMs) {
    std::erase_if(_lastPost, [&](const auto& entry) {
        return nowMs - entry.second >= std::int64_t{RoomChatSettings::kMaxSlowModeSeconds} * 1000;
    });
}

void ModerationPolicy::forgetRoom(const std::string& roomId) {
    _moderators.erase(roomId);
    _bans.erase(roomId);
    _settings.erase(roomId);
    const std::string prefix = roomId + '\n';
    std::erase_if(_lastPost, [&](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; });
}

}  // namespace sockstream::chat
