#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "cluster/BroadcastLocations.h"
#include "config/ServerConfig.h"
#include "events/EventBusImpl.h"
#include "media/BroadcastListener.h"
#include "rooms/RoomStore.h"
#include "rooms/StreamKeyStore.h"
#include "sockstream/identity/User.h"
#include "sockstream/rooms/Rooms.h"

namespace sockstream::core {

class MediaBusImpl;

/// Channels (from config), rooms (database) with their runtime state (live,
/// viewers), and the stream key rules ingest plugins rely on.
class RoomsImpl : public Rooms, public BroadcastListener {
public:
    RoomsImpl(Database& database, std::vector<Channel> channels, RoomsConfig config, std::string streamKeySecret,
              MediaBusImpl& media, EventBusImpl& events, Poco::Logger& logger,
              BroadcastLocations* cluster = nullptr);

    // Rooms (the plugin-facing API)
    std::vector<Channel> channels() const override;
    std::optional<Channel> findChannel(const std::string& channelId) const override;
    std::optional<Room> findRoom(const std::string& roomId) const override;
    std::vector<Room> listRooms(const std::string& channelId) const override;
    bool isOwnerOrAdmin(const std::string& roomId, const std::string& userId) const override;
    PublishDecision authorizePublish(std::string_view streamKey) override;
    void setViewerCount(const std::string& roomId, int viewers) override;

    // BroadcastListener (from the media bus)
    void broadcastOpened(const PublishGrant& grant, bool resumed) override;
    void broadcastInterrupted(const PublishGrant& grant) override;
    void broadcastFinished(const PublishGrant& grant) override;
    void broadcastSuspended(const PublishGrant& grant) override;

    // Owner operations behind the HTTP API; they throw HttpError with the reason.
    std::optional<Room> roomOf(const std::string& userId);
    Room createRoom(const User& owner, const std::string& channelId, const std::string& title,
                    const std::string& description);
    Room updateRoom(const User& actor, const std::string& roomId, const std::optional<std::string>& channelId,
                    const std::optional<std::string>& title, const std::optional<std::string>& description);
    void deleteRoom(const User& actor, const std::string& roomId);
    MintedKey mintStreamKey(const User& actor, const std::string& roomId);

    int liveRoomCount(const std::string& channelId) const;
    const RoomsConfig& config() const { return _config; }
    bool isAdmin(const User& user) const;

private:
    Room withRuntimeState(Room room) const;
    Room requireManageable(const User& actor, const std::string& roomId);
    std::string validTitle(const std::string& title) const;
    std::string validDescription(const std::string& description) const;
    void requireChannel(const std::string& channelId) const;
    PublishDecision refuse(const std::string& reason) const;
    void goOffline(const PublishGrant& grant);

    mutable RoomStore _store;
    StreamKeyStore _keys;
    std::vector<Channel> _channels;
    RoomsConfig _config;
    MediaBusImpl& _media;
    EventBusImpl& _events;
    Poco::Logger& _logger;
    BroadcastLocations* _cluster;  ///< null on a single server

    struct RuntimeState {
        bool live = false;
        int viewers = 0;
    };
    mutable std::mutex _mutex;
    std::map<std::string, RuntimeState> _runtime;
    std::mutex _publishMutex;  // one authorization at a time: two encoders racing for one room
};

}  // namespace sockstream::core
