#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace sockstream::chat {

class MuteList;

/// A room's chat settings, set by its owner and moderators (PUT
/// /api/rooms/{roomId}/chat/settings): 0 turns each off.
struct RoomChatSettings {
    static constexpr int kMaxSlowModeSeconds = 3'600;
    static constexpr int kMaxEstablishedMinutes = 43'200;  ///< 30 days
    int slowModeSeconds = 0;     ///< one message per this many seconds per user
    int establishedMinutes = 0;  ///< accounts younger than this may read but not post (Owncast's established-user mode)
    bool operator==(const RoomChatSettings&) const = default;
};

/// Why a message may not be sent: the ack's error code and words, and when
/// the refusal ends (Unix ms; 0 for never or not applicable).
struct PostRefusal {
    std::string code;
    std::string message;
    std::int64_t untilMs = 0;
};

/// What the chat's moderation decides from memory on every chat:send, so no
/// message costs a database read: the rooms' moderators, room and site bans,
/// timeouts (the MuteList), slow mode, the established-user minimum and the
/// admins and account ages learned when users joined. Filled from the
/// database at start and kept current by local actions and the other servers'
/// (ModerationSync). Not thread-safe: the owner serialises calls (the
/// EngineIoServer's mutex).
class ModerationPolicy {
public:
    /// Remembered account ages and admin flags; the oldest half is forgotten past this.
    static constexpr std::size_t kMaxRememberedUsers = 200'000;

    explicit ModerationPolicy(const MuteList& timeouts) : _timeouts(timeouts) {}

    void setModerator(const std::string& roomId, const std::string& userId, bool moderator);
    bool isModerator(const std::string& roomId, const std::string& userId) const;
    std::vector<std::string> moderators(const std::string& roomId) const;

    /// `roomId` empty: a site-wide ban (admins only).
    void setBanned(const std::string& roomId, const std::string& userId, bool banned);
    bool bannedInRoom(const std::string& roomId, const std::string& userId) const;
    bool bannedOnSite(const std::string& userId) const;
    std::vector<std::string> bannedUsers(const std::string& roomId) const;

    void setSettings(const std::string& roomId, const RoomChatSettings& settings);
    RoomChatSettings settings(const std::string& roomId) const;

    /// Learned on a worker thread (room:join, a moderation action): whether
    /// the user is a site admin, when their account was made (Unix ms).
    void rememberUser(const std::string& userId, bool admin, std::int64_t createdAtMs);
    bool knownAdmin(const std::string& userId) const;
    std::optional<std::int64_t> accountCreatedAt(const std::string& userId) const;

    /// Whether `userId` may post in `roomId` now; `staff`: the room's owner,
    /// one of its moderators or an admin (exempt from slow mode and the
    /// established-user minimum, never from bans or timeouts).
    std::optional<PostRefusal> checkPost(const std::string& roomId, const std::string& userId, bool staff,
                                         std::int64_t nowMs) const;
    /// A message was accepted: slow mode counts from now.
    void recordPost(const std::string& roomId, const std::string& userId, std::int64_t nowMs);

    /// Forgets slow-mode stamps that no longer matter.
    void prune(std::int64_t nowMs);
    void forgetRoom(const std::string& roomId);

private:
    static std::string key(const std::string& roomId, const std::string& userId) { return roomId + '\n' + userId; }

    const MuteList& _timeouts;
    std::map<std::string, std::set<std::string>> _moderators;  ///< roomId -> user ids
    std::map<std::string, std::set<std::string>> _bans;        ///< roomId -> user ids
    std::set<std::string> _siteBans;
    std::map<std::string, RoomChatSettings> _settings;
    std::unordered_map<std::string, std::int64_t> _lastPost;   ///< roomId '\n' userId -> Unix ms
    struct KnownUser {
        bool admin = false;
        std::int64_t createdAtMs = 0;
    };
    std::unordered_map<std::string, KnownUser> _users;
};

}  // namespace sockstream::chat
