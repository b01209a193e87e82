#pragma once

#include <functional>
#include <optional>
#include <string>

#include "sockstream/data/Database.h"

namespace sockstream::core {

/// The life of a stream key:
///   active --publish--> live --connection lost--> interrupted --reconnect--> live
///   active --new key minted--> revoked        live --clean end or grace over--> spent
/// An active key unused past its expiry is refused. Keys are stored only as an
/// HMAC under the server's stream key secret.
enum class KeyState { Active, Live, Interrupted, Spent, Revoked };

struct StreamKeyRecord {
    std::string keyHash;
    std::string roomId;
    KeyState state = KeyState::Active;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;
    std::string broadcastId;
    std::int64_t stateChangedAt = 0;
};

struct MintedKey {
    std::string key;  ///< shown once to the owner; never stored, logged or sent elsewhere
    std::int64_t expiresAt = 0;
};

class StreamKeyStore {
public:
    StreamKeyStore(Database& database, std::string secret) : _database(database), _secret(std::move(secret)) {}

    /// Revokes the room's unused keys and mints a new one.
    MintedKey mint(const std::string& roomId, std::int64_t ttlMillis);
    std::optional<StreamKeyRecord> find(const std::string& key);
    /// The room's key that is live or interrupted, if any.
    std::optional<StreamKeyRecord> broadcastingKey(const std::string& roomId);

    void markLive(const std::string& keyHash, const std::string& broadcastId);
    void setBroadcastState(const std::string& broadcastId, KeyState state);
    /// After a restart no broadcast survives: live keys become interrupted, so an
    /// encoder reconnecting within the grace window continues.
    int interruptAllLive(const std::function<bool(const std::string& roomId)>& carriedElsewhere);

    std::string hashOf(const std::string& key) const;
    static bool plausibleKey(const std::string& key);

private:
    Database& _database;
    std::string _secret;
};

const char* keyStateName(KeyState state);

}  // namespace sockstream::core
