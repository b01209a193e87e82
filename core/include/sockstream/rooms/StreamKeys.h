#pragma once

#include <string>

namespace sockstream {

/// What a valid stream key entitles an encoder to.
struct PublishGrant {
    std::string roomId;
    std::string channelId;
    std::string ownerId;
    std::string broadcastId;
    bool resumed = false;  ///< same key reconnecting within the grace window
};

/// Why the core refused a publish. Protocol-neutral: each ingest plugin maps it
/// to its own protocol's answer (RTMP status codes, SRT rejection reasons, HTTP
/// statuses for WHIP), so no ingest ever receives another protocol's words.
enum class PublishRefusal {
    None,           ///< not refused
    UnknownKey,     ///< no room has this key
    RoomGone,       ///< the key's room was deleted
    Revoked,        ///< replaced by a newer key, or cut off by the owner's stop
    Spent,          ///< a per-broadcast key whose broadcast has ended
    Expired,        ///< an unused per-broadcast key past its lifetime
    GraceExpired,   ///< a per-broadcast key whose reconnect window has passed
    LiveElsewhere,  ///< the room is live on another server of the cluster
    RoomBusy,       ///< another encoder is publishing to this room right now
    Retry,          ///< the key changed while it was being checked: trying again may work
    CheckFailed,    ///< the key could not be checked (e.g. the database failed): an internal error
};

/// A stable lower-case name for logs, metrics labels and tests, e.g. "unknown_key".
inline const char* publishRefusalName(PublishRefusal refusal) {
    switch (refusal) {
        case PublishRefusal::None: return "none";
        case PublishRefusal::UnknownKey: return "unknown_key";
        case PublishRefusal::RoomGone: return "room_gone";
        case PublishRefusal::Revoked: return "revoked";
        case PublishRefusal::Spent: return "spent";
        case PublishRefusal::Expired: return "expired";
        case PublishRefusal::GraceExpired: return "grace_expired";
        case PublishRefusal::LiveElsewhere: return "live_elsewhere";
        case PublishRefusal::RoomBusy: return "room_busy";
        case PublishRefusal::Retry: return "retry";
        case PublishRefusal::CheckFailed: return "check_failed";
    }
    return "unknown";
}

/// The core's answer to "may this key publish?".
struct PublishDecision {
    bool allowed = false;
    /// Why not, when !allowed; None when allowed.
    PublishRefusal refusal = PublishRefusal::None;
    /// The same in words for the server's log, never containing the key. Not
    /// protocol wording: an ingest words its answer to the encoder from `refusal`.
    std::string reason;
    PublishGrant grant;
};

}  // namespace sockstream
