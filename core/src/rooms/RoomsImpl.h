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
#include "media/StreamHealthMonitor.h"
#include "rooms/EndpointRegistry.h"
#include "rooms/RoomStore.h"
#include "rooms/StreamHealthReport.h"
#include "rooms/StreamKeyStore.h"
#include "sockstream/identity/User.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::core {

class MediaBusImpl;

/// What GET /api/rooms/{id}/stream-key tells the owner (never the key itself).
struct StreamKeyStatus {
    std::string mode;
    bool hasKey = false;
    std::int64_t expiresAt = 0;  ///< 0: never, or no key
    std::string state;           ///< "none", "idle", "authorised", "live", "interrupted", "expired"
};

/// Channels (from config), rooms (database) with their runtime state (live,
/// viewers), and the stream key rules ingest plugins rely on.
class RoomsImpl : public Rooms, public BroadcastListener {
public:
    RoomsImpl(Database& database, std::vector<Channel> channels, RoomsConfig config, std::string streamKeySecret,
              MediaBusImpl& media, EventBusImpl& events, Poco::Logger& logger,
              BroadcastLocations* cluster = nullptr);
    ~RoomsImpl() override;

    /// Sweeps keys and publishes stream health on the scheduler until destroyed.
    void startTimers(Scheduler& scheduler);
    /// Moves keys on by time: authorisations that never opened media, grace windows
    /// that ended with no encoder (also across restarts), live keys without media.
    void sweep();
    /// Publishes StreamHealthUpdated for every room that is not offline.
    void publishHealth();

    // Rooms (the plugin-facing API)
    std::vector<Channel> channels() const override;
    std::optional<Channel> findChannel(const std::string& channelId) const override;
    std::optional<Room> findRoom(const std::string& roomId) const override;
    std::vector<Room> listRooms(const std::string& channelId) const override;
    bool isOwnerOrAdmin(const std::string& roomId, const std::string& userId) const override;
    bool isAdminUser(const std::string& userId) const override;
    PublishDecision authorizePublish(std::string_view streamKey) override;
    void setViewerCount(const std::string& roomId, int viewers) override;
    std::vector<PlaybackEndpoint> playback(const std::string& roomId) const override;
    void setPlaybackAvailability(const std::string& roomId, const std::string& protocol, bool available,
                                 const std::string& reason) override;
    std::vector<IngestEndpoint> ingest() const override;

    /// What plugins declared (PluginContext::declareIngest / declarePlayback).
    EndpointRegistry& endpoints() { return _endpoints; }
    const EndpointRegistry& endpoints() const { return _endpoints; }

    // BroadcastListener (from the media bus)
    bool broadcastOpening(const PublishGrant& grant) override;
    void broadcastOpened(const PublishGrant& grant, bool resumed) override;
    void broadcastInterrupted(const PublishGrant& grant) override;
    void broadcastFinished(const PublishGrant& grant, const std::string& reason) override;
    void broadcastSuspended(const PublishGrant& grant) override;

    // Owner operations behind the HTTP API; they throw HttpError with the reason.
    std::optional<Room> roomOf(const std::string& userId);
    Room createRoom(const User& owner, const std::string& channelId, const std::string& title,
                    const std::string& description);
    Room updateRoom(const User& actor, const std::string& roomId, const std::optional<std::string>& channelId,
                    const std::optional<std::string>& title, const std::optional<std::string>& description,
                    const std::optional<std::string>& streamKeyMode = std::nullopt);
    void deleteRoom(const User& actor, const std::string& roomId);
    /// A new key (revoking the previous one); refused only while media is flowing.
    MintedKey mintStreamKey(const User& actor, const std::string& roomId);
    StreamKeyStatus streamKeyStatus(const User& actor, const std::string& roomId);
    /// The owner's (or an admin's) stop: the encoder is disconnected, the key revoked.
    void stopBroadcast(const User& actor, const std::string& roomId);
    StreamHealthReport health(const User& actor, const std::string& roomId);
    StreamHealthMonitor& healthMonitor() { return *_health; }

    int liveRoomCount(const std::string& channelId) const;
    const RoomsConfig& config() const { return _config; }
    bool isAdmin(const User& user) const;

private:
    Room withRuntimeState(Room room) const;
    Room requireManageable(const User& actor, const std::string& roomId);
    std::string validTitle(const std::string& title) const;
    std::string validDescription(const std::string& description) const;
    void requireChannel(const std::string& channelId) const;
    static PublishDecision refuse(PublishRefusal refusal, const std::string& reason);
    void goOffline(const PublishGrant& grant, const std::string& reason);
    void setState(const std::string& roomId, BroadcastState state);
    BroadcastState stateOf(const std::string& roomId) const;
    /// Ends a broadcast the media bus no longer carries (after a restart, or keys only).
    void finishWithoutStream(const std::string& roomId, const std::string& broadcastId, const std::string& reason);
    /// Ends whatever the room broadcasts now, disconnecting its encoder.
    void endRoomBroadcast(const std::string& roomId, const std::string& reason);
    PublishDecision grantNewBroadcast(const StreamKeyRecord& record, PublishDecision decision);
    StreamHealthReport healthReport(const Room& room);
    std::string keyStateFor(const std::string& roomId);
    bool persistentKeys(const std::string& roomId);
    std::vector<std::string> healthRecipients(const Room& room);

    mutable RoomStore _store;
    StreamKeyStore _keys;
    EndpointRegistry _endpoints;
    std::vector<Channel> _channels;
    RoomsConfig _config;
    MediaBusImpl& _media;
    EventBusImpl& _events;
    Poco::Logger& _logger;
    BroadcastLocations* _cluster;  ///< null on a single server

    struct RuntimeState {
        BroadcastState state = BroadcastState::Offline;
        int viewers = 0;
    };
    std::shared_ptr<StreamHealthMonitor> _health = std::make_shared<StreamHealthMonitor>();
    std::vector<std::shared_ptr<TimerHandle>> _timers;
    mutable std::mutex _mutex;
    std::map<std::string, RuntimeState> _runtime;
    std::mutex _publishMutex;  // one authorization at a time: two encoders racing for one room
};

}  // namespace sockstream::core
