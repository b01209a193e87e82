#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Logger.h>

#include "cluster/BroadcastDirectory.h"
#include "cluster/BroadcastLocations.h"
#include "cluster/ClusterEnvelope.h"
#include "cluster/RedisEndpoint.h"
#include "sockstream/cluster/Cluster.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"

namespace sockstream::core {

class IoRuntime;
class HttpForwarder;
class RedisConnection;

/// The cluster settings after the environment, with defaults filled in.
struct ClusterSettings {
    bool enabled = false;
    RedisEndpoint redis;
    std::string serverId;
    std::string advertiseUrl;
    std::string keyPrefix = "sockstream";
    std::chrono::seconds broadcastTtl{10};
    /// A one-way digest of the auth and stream key secrets: every server of a
    /// cluster must have the same, or sessions and keys would not work across them.
    std::string secretsFingerprint;
};

/// The servers of one deployment, through Redis: a pub/sub bus for plugins
/// (chat relays its broadcasts), the room -> server registry of live
/// broadcasts, and request forwarding to the server that holds a broadcast.
///
/// Two threads of its own talk to Redis so I/O threads never wait on it: the
/// outbox (publishes, registry writes, heartbeats, registry reads) and the
/// inbox (the subscription; messages are handed to the I/O threads). When
/// Redis goes away both reconnect every second and say so in the log; the
/// registry heals itself because every server rewrites its own entries.
class ClusterImpl : public BroadcastLocations {
public:
    ClusterImpl(ClusterSettings settings, IoRuntime& runtime, Poco::Logger& logger);
    ~ClusterImpl();

    /// Connects and reads the registry once; throws std::runtime_error in words
    /// when Redis cannot be used. Does nothing when the cluster is off.
    void start();
    /// Withdraws this server's broadcasts, says goodbye, sends what is queued
    /// (at most ~2 s) and stops the threads.
    void stop();

    bool enabled() const { return _settings.enabled; }
    const std::string& serverId() const { return _settings.serverId; }
    void publish(const std::string& channel, const std::string& payload);
    ClusterSubscriptionId subscribe(const std::string& owner, const std::string& channel, ClusterMessageHandler handler);
    void unsubscribe(ClusterSubscriptionId id);
    void removeOwner(const std::string& owner);
    std::optional<RemoteBroadcast> locateBroadcast(const std::string& roomId) const;
    void forward(const HttpRequest& request, const RemoteBroadcast& where, HttpResponder responder);

    /// The core's own conversations between servers (channels "core.*"), for
    /// the room event relay. The handler runs on the
    /// cluster's receiving thread and gets the sending server's id.
    using CoreHandler = std::function<void(const std::string& serverId, const std::string& payload)>;
    void subscribeCore(const std::string& channel, CoreHandler handler);
    void publishCore(const std::string& channel, const std::string& payload);
    /// Called (on a cluster thread) for broadcasts whose server stopped
    /// refreshing them without withdrawing: it crashed or lost Redis.
    void onBroadcastVanished(std::function<void(const std::string& roomId, const RemoteBroadcast& where)> handler);

    /// The media bus's news about this server's own broadcasts.
    void broadcastStarted(const std::string& roomId) override;
    void broadcastEnded(const std::string& roomId) override;
    bool liveElsewhere(const std::string& roomId) const override { return locateBroadcast(roomId).has_value(); }

    std::unique_ptr<Cluster> viewFor(const std::string& owner);

    /// Handles one raw message from the subscription (public for tests).
    void deliver(const std::string& wire);

private:
    using Clock = std::chrono::steady_clock;
    using Job = std::function<void(RedisConnection&)>;
    struct Subscription {
        std::string owner;
        std::string channel;
        std::shared_ptr<const ClusterMessageHandler> handler;
    };

    void enqueue(Job job);
    void checkSecrets(RedisConnection& redis);
    void runOutbox();
    void runInbox();
    void housekeeping(RedisConnection& redis);
    void refreshOwnEntries(RedisConnection& redis);
    /// This server's registry entry for the room, with a fresh TTL.
    void writeEntry(RedisConnection& redis, const std::string& roomId);
    /// Removes the entry if it still names this server, and tells the others.
    void withdrawEntry(RedisConnection& redis, const std::string& roomId);
    void readRegistry(RedisConnection& redis);
    void publishNow(RedisConnection& redis, const std::string& channel, const std::string& payload);
    void handleCoreMessage(const ClusterEnvelope& envelope);
    std::string registryKey(const std::string& roomId) const;
    std::string registryValue() const;
    std::string busChannel() const { return _settings.keyPrefix + ":cluster"; }
    void waitOrStop(std::chrono::milliseconds delay);

    ClusterSettings _settings;
    IoRuntime& _runtime;
    Poco::Logger& _logger;
    std::unique_ptr<HttpForwarder> _forwarder;
    std::mutex _coreMutex;
    std::map<std::string, CoreHandler> _coreHandlers;
    std::function<void(const std::string&, const RemoteBroadcast&)> _vanished;
    BroadcastDirectory _directory;

    mutable std::mutex _subscriptionsMutex;
    std::map<ClusterSubscriptionId, Subscription> _subscriptions;
    ClusterSubscriptionId _nextSubscription = 1;

    std::mutex _ownMutex;
    std::set<std::string> _ownBroadcasts;

    std::mutex _outboxMutex;
    std::condition_variable _outboxWake;
    std::deque<Job> _outbox;
    std::size_t _dropped = 0;
    bool _stopping = false;
    std::atomic<bool> _inboxStopping{false};
    std::unique_ptr<RedisConnection> _commands;
    std::unique_ptr<RedisConnection> _subscriber;
    std::thread _outboxThread;
    std::thread _inboxThread;
    bool _started = false;
};

}  // namespace sockstream::core
