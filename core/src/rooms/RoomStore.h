#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sockstream/data/Database.h"
#include "sockstream/rooms/Room.h"

namespace sockstream::core {

/// Rooms as rows: the persistent half of a room (live state and viewers are runtime).
class RoomStore {
public:
    explicit RoomStore(Database& database) : _database(database) {}

    static std::vector<Migration> migrations();

    std::optional<Room> find(const std::string& roomId);
    std::vector<Room> listByChannel(const std::string& channelId);
    std::vector<Room> listByOwner(const std::string& ownerId);
    int countByOwner(const std::string& ownerId);
    /// The user's email, for admin lists that name people by email.
    std::optional<std::string> emailOf(const std::string& userId);
    /// Ids of the users named by id or email (admin lists), those that exist.
    std::vector<std::string> userIdsOf(const std::vector<std::string>& idsOrEmails);
    /// Inserts the room unless its owner already has `maxRooms` rooms (nullopt then).
    /// Race-free: concurrent inserts of one owner never exceed the limit.
    std::optional<Room> insert(Room room, int maxRooms);
    void setStreamKeyMode(const std::string& roomId, const std::string& mode);
    void update(const Room& room);
    void remove(const std::string& roomId);

private:
    std::vector<int> slotsOf(const std::string& ownerId);
    std::vector<Room> select(const std::string& where, const std::string& value);
    Database& _database;
};

}  // namespace sockstream::core
