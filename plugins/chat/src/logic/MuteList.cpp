#include "logic/MuteList.h"

namespace sockstream::chat {

void MuteList::set(const std::string& roomId, const std::string& userId, std::int64_t untilMs) {
    if (untilMs == 0) _until.erase(key(roomId, userId));
    else _until[key(roomId, userId)] = untilMs;
}

bool MuteList::muted(const std::string& roomId, const std::string& userId, std::int64_t nowMs) const {
    auto it = _until.find(key(roomId, userId));
    return it != _until.end() && it->second > nowMs;
}

std::optional<std::int64_t> MuteList::until(const std::string& roomId, const std::string& userId, std::int64_t nowMs) const {
    auto it = _until.find(key(roomId, userId));
    if (it == _until.end() || it->second <= nowMs) return std::nullopt;
    return it->second;
}

std::vector<std::pair<std::string, std::int64_t>> MuteList::inRoom(const std::string& roomId, std::int64_t nowMs) const {
    const std::string prefix = roomId + '\n';
    std::vector<std::pair<std::string, std::int64_t>> found;
    for (const auto& [entry, until] : _until)
        if (until > nowMs && entry.rfind(prefix, 0) == 0) found.emplace_back(entry.substr(prefix.size()), until);
    return found;
}

void MuteList::forgetRoom(const std::string& roomId) {
    const std::string prefix = roomId + '\n';
    std::erase_if(_until, [&](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; });
}

void MuteList::prune(std::int64_t nowMs) {
    std::erase_if(_until, [&](const auto& entry) { return entry.second <= nowMs; });
}

}  // namespace sockstream::chat
