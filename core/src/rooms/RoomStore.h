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
    Room insert(Room room);
    void update(const Room& room);
    void remove(const std::string& roomId);

private:
    std::vector<Room> select(const std::string& where, const std::string& value);
    Database& _database;
};

}  // namespace sockstream::core
