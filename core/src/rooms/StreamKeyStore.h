#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sockstream/data/Database.h"

namespace sockstream::core {

/// The life of a stream key, held in the database so that no state is a dead end,
/// not even after a crash:
///
///   active ──publish accepted──▶ authorised ──media opens──▶ live ──connection lost──▶ interrupted
///     ▲  ▲                           │                        │ ▲                         │   │
///     │  └── no media within the ────┘                        │ └──── encoder resumes ────┘   │
///     │      open timeout (sweep)                             │                               │
///     └──── persistent key: broadcast over ◀──────────────────┴── clean end / stop / grace over┘
///                 per-broadcast key: the same ends in `spent`
///
/// A new key (or the owner's stop) moves every usable key of the room to `revoked`.
/// An active per-broadcast key unused past its expiry is refused; persistent keys do
/// not expire (expires_at = 0). Keys are stored only as an HMAC under the server's
/// stream key secret.
enum class KeyState { Active, Authorised, Live, Interrupted, Spent, Revoked };

struct StreamKeyRecord {
    std::string keyHash;
    std::string roomId;
    KeyState state = KeyState::Active;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;  ///< 0: never (persistent key)
    std::string broadcastId;
    std::int64_t stateChangedAt = 0;
};

struct MintedKey {
    std::string key;  ///< shown once to the owner; never stored, logged or sent elsewhere
    std::int64_t expiresAt = 0;  ///< 0: never
    std::string mode;            ///< the room's stream key mode
};

/// A broadcast whose key the sweep moved on.
struct SweptBroadcast {
    std::string roomId;
    std::string broadcastId;
};

class StreamKeyStore {
public:
    StreamKeyStore(Database& database, std::string secret) : _database(database), _secret(std::move(secret)) {}

    /// Revokes the room's usable keys and mints a new one (expiresAt 0: never expires).
    MintedKey mint(const std::string& roomId, std::int64_t expiresAt);
    std::optional<StreamKeyRecord> find(const std::string& key);
    /// The room's key that may still carry a broadcast (active, authorised, live,
    /// interrupted), if any.
    std::optional<StreamKeyRecord> usableKey(const std::string& roomId);
    /// The room's key that is authorised, live or interrupted, if any.
    std::optional<StreamKeyRecord> broadcastingKey(const std::string& roomId);

    /// active (or a stale authorisation) -> authorised under a new broadcast id.
    /// False when the key changed state meanwhile.
    bool authorise(const std::string& keyHash, const std::string& broadcastId);
    /// authorised/interrupted/live -> live, for the broadcast that opens its media.
    /// False when the key was revoked or re-authorised meanwhile: the media must not open.
    bool markLive(const std::string& broadcastId);
    /// live -> interrupted: the encoder's connection was lost.
    void markInterrupted(const std::string& broadcastId);
    /// The broadcast is over: a persistent key goes back to active, a per-broadcast key is spent.
    /// A revoked key stays revoked. True when a key moved.
    bool endBroadcast(const std::string& broadcastId, bool persistent);
    /// Every usable key of the room -> revoked. Returns how many.
    int revokeRoom(const std::string& roomId);
    /// The room's active key follows a change of the room's key mode at once.
    void setActiveKeyExpiry(const std::string& roomId, std::int64_t expiresAt);

    /// authorised keys older than `before` go back to active: the encoder never sent media.
    int expireAuthorisations(std::int64_t before);
    /// interrupted keys whose grace window began before `before`.
    std::vector<SweptBroadcast> interruptedSince(std::int64_t before);
    /// live keys unchanged since `before` (callers check the media bus for them).
    std::vector<SweptBroadcast> liveSince(std::int64_t before);
    /// Rooms with an interrupted key (reconnecting after a restart).
    std::vector<std::string> interruptedRooms();
    /// After a restart no broadcast survives: live keys become interrupted, so an
    /// encoder reconnecting within the grace window continues.
    int interruptAllLive(const std::function<bool(const std::string& roomId)>& carriedElsewhere);

    std::string hashOf(const std::string& key) const;
    static bool plausibleKey(const std::string& key);

private:
    std::optional<StreamKeyRecord> roomKeyIn(const std::string& roomId, const std::string& states);
    std::vector<SweptBroadcast> broadcastsIn(const std::string& state, std::int64_t before);

    Database& _database;
    std::string _secret;
};

const char* keyStateName(KeyState state);

}  // namespace sockstream::core
