#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "DestinationStore.h"
#include "DestinationWorker.h"
#include "RestreamConfig.h"
#include "sockstream/media/MediaBus.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::restream {

/// Follows every broadcast on the media bus and keeps one DestinationWorker
/// per enabled destination of a live room. Media callbacks only hand packets
/// to the workers' bounded queues; reading the database, starting and
/// joining workers happen on the core's worker pool.
class RestreamHub : public MediaObserver {
public:
    RestreamHub(DestinationStore& store, const RestreamConfig& config, Scheduler& scheduler, Poco::Logger& logger);
    ~RestreamHub() override;

    void onStreamOpened(const StreamInfo& info, bool resumed) override;
    void onTracksChanged(const StreamInfo& info) override;
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override;
    void onStreamInterrupted(const StreamInfo& info) override;
    void onStreamClosed(const StreamInfo& info) override;

    /// The owner added, changed or removed a destination: start or stop workers to match.
    void destinationsChanged(const std::string& roomId);
    /// The state the owner sees for a saved destination.
    DestinationStatus status(const Destination& destination) const;
    /// Destinations connected right now (a metric).
    std::size_t liveCount() const;
    /// Stops every worker and waits for them (plugin stop).
    void stopAll();

private:
    struct Running {
        std::int64_t version = 0;  ///< the destination's updatedAt the worker was started with
        std::unique_ptr<DestinationWorker> worker;
    };
    struct RoomSession {
        std::vector<TrackInfo> tracks;
        std::map<std::string, Running> workers;  ///< by destination id
    };

    void reconcile(const std::string& roomId);
    void retire(std::vector<std::unique_ptr<DestinationWorker>> workers);
    void joinRetired();
    void remember(const DestinationWorker& worker);

    DestinationStore& _store;
    const RestreamConfig& _config;
    Scheduler& _scheduler;
    Poco::Logger& _logger;

    mutable std::mutex _mutex;
    std::map<std::string, RoomSession> _rooms;          ///< live rooms
    std::vector<std::unique_ptr<DestinationWorker>> _retiring; ///< stopping, not joined yet
    std::map<std::string, DestinationStatus> _problems; ///< why an enabled destination is not running, or how its last run ended
    std::mutex _reconcileMutex;                         ///< one reconcile at a time: they read and apply the database
};

}  // namespace sockstream::restream
