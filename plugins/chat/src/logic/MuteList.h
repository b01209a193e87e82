#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sockstream::chat {

/// Who is muted in which room, until when (Unix ms). Mutes made on another
/// server of a cluster arrive here too. Not thread-safe: the owner serialises calls.
class MuteList {
public:
    /// `untilMs` 0 lifts the mute.
    void set(const std::string& roomId, const std::string& userId, std::int64_t untilMs);
    bool muted(const std::string& roomId, const std::string& userId, std::int64_t nowMs) const;
    /// When the user's mute in the room ends, if it has not yet.
    std::optional<std::int64_t> until(const std::string& roomId, const std::string& userId, std::int64_t nowMs) const;
    /// The room's mutes that have not ended: user id -> Unix ms.
    std::vector<std::pair<std::string, std::int64_t>> inRoom(const std::string& roomId, std::int64_t nowMs) const;
    void forgetRoom(const std::string& roomId);
    /// Drops mutes that have ended.
    void prune(std::int64_t nowMs);
    std::size_t size() const { return _until.size(); }

private:
    static std::string key(const std::string& roomId, const std::string& userId) { return roomId + '\n' + userId; }
    std::unordered_map<std::string, std::int64_t> _until;  ///< roomId + '\n' + userId -> Unix ms
};

}  // namespace sockstream::chat
