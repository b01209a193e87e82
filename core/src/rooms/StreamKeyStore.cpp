#include "rooms/StreamKeyStore.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include "sockstream/util/Random.h"
#include "util/Text.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {

namespace {
constexpr std::size_t kKeyRandomBytes = 24;  // 192 bits
constexpr const char* kKeyPrefix = "live_";

KeyState parseState(const std::string& text) {
    if (text == "active") return KeyState::Active;
    if (text == "authorised") return KeyState::Authorised;
    if (text == "live") return KeyState::Live;
    if (text == "interrupted") return KeyState::Interrupted;
    if (text == "spent") return KeyState::Spent;
    return KeyState::Revoked;
}

StreamKeyRecord recordFrom(Poco::Data::RecordSet& rows) {
    StreamKeyRecord record;
    record.keyHash = rows["key_hash"].convert<std::string>();
    record.roomId = rows["room_id"].convert<std::string>();
    record.state = parseState(rows["state"].convert<std::string>());
    record.createdAt = rows["created_at"].convert<std::int64_t>();
    record.expiresAt = rows["expires_at"].convert<std::int64_t>();
    record.broadcastId = rows["broadcast_id"].convert<std::string>();
    record.stateChangedAt = rows["state_changed_at"].convert<std::int64_t>();
    return record;
}

constexpr const char* kColumns = "key_hash, room_id, state, created_at, expires_at, broadcast_id, state_changed_at";
constexpr const char* kUsableStates = "'active', 'authorised', 'live', 'interrupted'";
}  // namespace

const char* keyStateName(KeyState state) {
    switch (state) {
        case KeyState::Active: return "active";
        case KeyState::Authorised: return "authorised";
        case KeyState::Live: return "live";
        case KeyState::Interrupted: return "interrupted";
        case KeyState::Spent: return "spent";
        case KeyState::Revoked: return "revoked";
    }
    return "revoked";
}

std::string StreamKeyStore::hashOf(const std::string& key) const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), _secret.data(), static_cast<int>(_secret.size()),
              reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest, &length))
        throw std::runtime_error("HMAC-SHA256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

bool StreamKeyStore::plausibleKey(const std::string& key) {
    if (key.size() < 16 || key.size() > 128) return false;
    for (char c : key)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    return true;
}

MintedKey StreamKeyStore::mint(const std::string& roomId, std::int64_t expiresAt) {
    MintedKey minted;
    minted.key = kKeyPrefix + secureRandomToken(kKeyRandomBytes);
    std::int64_t created = nowMillis();
    minted.expiresAt = expiresAt;
    std::string hash = hashOf(minted.key);
    std::string room = roomId;
    std::string active = "active";
    std::string revoked = "revoked";

    Poco::Data::Session session = _database.session();
    session.begin();
    try {
        session << std::string("UPDATE stream_keys SET state = ?, state_changed_at = ? WHERE room_id = ? AND state IN (") +
                       kUsableStates + ")",
            use(revoked), use(created), use(room), now;
        session << "INSERT INTO stream_keys (key_hash, room_id, state, created_at, expires_at, state_changed_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
            use(hash), use(room), use(active), use(created), use(minted.expiresAt), use(created), now;
        session.commit();
    } catch (...) {
        session.rollback();
        throw;
    }
    return minted;
}

std::optional<StreamKeyRecord> StreamKeyStore::find(const std::string& key) {
    if (!plausibleKey(key)) return std::nullopt;
    std::string hash = hashOf(key);
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement query(session);
    query << std::string("SELECT ") + kColumns + " FROM stream_keys WHERE key_hash = ?", use(hash), now;
    Poco::Data::RecordSet rows(query);
    if (!rows.moveFirst()) return std::nullopt;
    return recordFrom(rows);
}

std::optional<StreamKeyRecord> StreamKeyStore::roomKeyIn(const std::string& roomId, const std::string& states) {
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement query(session);
    std::string room = roomId;
    query << std::string("SELECT ") + kColumns + " FROM stream_keys WHERE room_id = ? AND state IN (" + states +
                 ") ORDER BY state_changed_at DESC",
        use(room), now;
    Poco::Data::RecordSet rows(query);
    if (!rows.moveFirst()) return std::nullopt;
    return recordFrom(rows);
}

std::optional<StreamKeyRecord> StreamKeyStore::usableKey(const std::string& roomId) {
    return roomKeyIn(roomId, kUsableStates);
}

std::optional<StreamKeyRecord> StreamKeyStore::broadcastingKey(const std::string& roomId) {
    return roomKeyIn(roomId, "'authorised', 'live', 'interrupted'");
}

bool StreamKeyStore::authorise(const std::string& keyHash, const std::string& broadcastId) {
    std::string hash = keyHash, broadcast = broadcastId, authorised = "authorised";
    std::int64_t at = nowMillis();
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement update(session);
    update << "UPDATE stream_keys SET state = ?, broadcast_id = ?, state_changed_at = ?"
              " WHERE key_hash = ? AND state IN ('active', 'authorised')",
        use(authorised), use(broadcast), use(at), use(hash);
    return update.execute() > 0;
}

bool StreamKeyStore::markLive(const std::string& broadcastId) {
    std::string broadcast = broadcastId, live = "live";
    std::int64_t at = nowMillis();
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement update(session);
    update << "UPDATE stream_keys SET state = ?, state_changed_at = ?"
              " WHERE broadcast_id = ? AND broadcast_id <> '' AND state IN ('authorised', 'live', 'interrupted')",
        use(live), use(at), use(broadcast);
    return update.execute() > 0;
}

void StreamKeyStore::markInterrupted(const std::string& broadcastId) {
    std::string broadcast = broadcastId, interrupted = "interrupted";
    std::int64_t at = nowMillis();
    Poco::Data::Session session = _database.session();
    session << "UPDATE stream_keys SET state = ?, state_changed_at = ?"
               " WHERE broadcast_id = ? AND broadcast_id <> '' AND state = 'live'",
        use(interrupted), use(at), use(broadcast), now;
}

bool StreamKeyStore::endBroadcast(const std::string& broadcastId, bool persistent) {
    std::string broadcast = broadcastId;
    std::string next = persistent ? "active" : "spent";
    // A persistent key forgets the broadcast: the next publish starts a new one.
    std::string keptBroadcast = persistent ? std::string() : broadcastId;
    std::int64_t at = nowMillis();
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement update(session);
    update << "UPDATE stream_keys SET state = ?, broadcast_id = ?, state_changed_at = ?"
              " WHERE broadcast_id = ? AND broadcast_id <> '' AND state IN ('authorised', 'live', 'interrupted')",
        use(next), use(keptBroadcast), use(at), use(broadcast);
    return update.execute() > 0;
}

int StreamKeyStore::revokeRoom(const std::string& roomId) {
    std::string room = roomId, revoked = "revoked";
    std::int64_t at = nowMillis();
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement update(session);
    update << std::string("UPDATE stream_keys SET state = ?, state_changed_at = ? WHERE room_id = ? AND state IN (") +
                  kUsableStates + ")",
        use(revoked), use(at), use(room);
    return static_cast<int>(update.execute());
}

void StreamKeyStore::setActiveKeyExpiry(const std::string& roomId, std::int64_t expiresAt) {
    std::string room = roomId;
    std::int64_t expiry = expiresAt;
    Poco::Data::Session session = _database.session();
    session << "UPDATE stream_keys SET expires_at = ? WHERE room_id = ? AND state = 'active'", use(expiry), use(room),
        now;
}

int StreamKeyStore::expireAuthorisations(std::int64_t before) {
    std::int64_t cutoff = before, at = nowMillis();
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement update(session);
    update << "UPDATE stream_keys SET state = 'active', broadcast_id = '', state_changed_at = ?"
              " WHERE state = 'authorised' AND state_changed_at < ?",
        use(at), use(cutoff);
    return static_cast<int>(update.execute());
}

std::vector<SweptBroadcast> StreamKeyStore::broadcastsIn(const std::string& state, std::int64_t before) {
    std::string name = state;
    std::int64_t cutoff = before;
    Poco::Data::Session session = _database.session();
    Poco::Data::Statement query(session);
    query << "SELECT room_id, broadcast_id FROM stream_keys WHERE state = ? AND state_changed_at < ?", use(name),
        use(cutoff), now;
    Poco::Data::RecordSet rows(query);
    std::vector<SweptBroadcast> found;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext())
        found.push_back({rows["room_id"].convert<std::string>(), rows["broadcast_id"].convert<std::string>()});
    return found;
}

std::vector<SweptBroadcast> StreamKeyStore::interruptedSince(std::int64_t before) {
    return broadcastsIn("interrupted", before);
}

std::vector<SweptBroadcast> StreamKeyStore::liveSince(std::int64_t before) { return broadcastsIn("live", before); }

std::vector<std::string> StreamKeyStore::interruptedRooms() {
    Poco::Data::Session session = _database.session();
    std::vector<std::string> rooms;
    session << "SELECT DISTINCT room_id FROM stream_keys WHERE state = 'interrupted'", into(rooms), now;
    return rooms;
}

int StreamKeyStore::interruptAllLive(const std::function<bool(const std::string& roomId)>& carriedElsewhere) {
    std::int64_t at = nowMillis();
    Poco::Data::Session session = _database.session();
    std::vector<std::string> rooms;
    session << "SELECT DISTINCT room_id FROM stream_keys WHERE state = 'live'", into(rooms), now;
    int interrupted = 0;
    for (const auto& roomId : rooms) {
        if (carriedElsewhere(roomId)) continue;
        Poco::Data::Statement update(session);
        update << "UPDATE stream_keys SET state = 'interrupted', state_changed_at = ? WHERE state = 'live' AND room_id = ?",
            use(at), useRef(roomId);
        interrupted += static_cast<int>(update.execute());
    }
    return interrupted;
}

}  // namespace sockstream::core
