#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "KeySealer.h"
#include "sockstream/data/Database.h"

namespace sockstream::restream {

/// A saved destination. The key stays sealed (KeySealer) outside of open().
struct Destination {
    std::string id;
    std::string roomId;
    std::string name;
    std::string url;
    std::string sealedKey;
    bool enabled = true;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

/// The restream_destinations table. Every method blocks on the database:
/// call from Dispatch::Worker handlers or Scheduler::postBlocking.
class DestinationStore {
public:
    DestinationStore(Database& database, const KeySealer& sealer) : _database(database), _sealer(sealer) {}

    void migrate();
    std::vector<Destination> list(const std::string& roomId);
    std::optional<Destination> find(const std::string& roomId, const std::string& id);
    Destination create(const std::string& roomId, const std::string& name, const std::string& url,
                       const std::string& key, bool enabled);
    /// Writes name, url, enabled and (when `newKey`) a freshly sealed key.
    Destination update(Destination destination, const std::optional<std::string>& newKey);
    bool remove(const std::string& roomId, const std::string& id);
    void removeRoom(const std::string& roomId);

    /// The plain key, or nothing when it cannot be opened (the server secret changed).
    std::optional<std::string> openKey(const Destination& destination) const;

private:
    Database& _database;
    const KeySealer& _sealer;
};

}  // namespace sockstream::restream
