#include "cluster/ClusterImpl.h"

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/Redis/Array.h>

#include "cluster/ClusterView.h"
#include "cluster/HttpForwarder.h"
#include "cluster/RedisConnection.h"
#include "runtime/IoRuntime.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::core {

namespace {

constexpr std::string_view kCorePrefix = "core.";
constexpr const char* kBroadcastChannel = "core.broadcast";
constexpr const char* kServerChannel = "core.server";
constexpr std::size_t kOutboxLimit = 10000;
constexpr auto kHeartbeat = std::chrono::seconds(2);
// The subscription hears every server's heartbeat, its own included; this
// long without a word means the connection is dead even if TCP has not noticed.
constexpr auto kSilenceLimit = std::chrono::seconds(7);
constexpr auto kConnectTimeout = std::chrono::seconds(3);
constexpr auto kDrainLimit = std::chrono::seconds(2);
constexpr int kMaxScanRounds = 1000;
// A compare-and-delete: withdraw an entry only while it still names this server.
constexpr const char* kDeleteIfOwned =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

std::optional<std::string> bulkString(const Poco::Redis::RedisType::Ptr& value) {
    if (!value || !value->isBulkString()) return std::nullopt;
    const auto& bulk = static_cast<const Poco::Redis::Type<Poco::Redis::BulkString>*>(value.get())->value();
    if (bulk.isNull()) return std::nullopt;
    return bulk.value();
}

const Poco::Redis::Array* arrayOf(const Poco::Redis::RedisType::Ptr& value) {
    if (!value || !value->isArray()) return nullptr;
    return &static_cast<const Poco::Redis::Type<Poco::Redis::Array>*>(value.get())->value();
}

/// Poco reads an empty array as a Null one, whose size() throws.
std::size_t sizeOf(const Poco::Redis::Array& array) { return array.isNull() ? 0 : array.size(); }

std::optional<std::string> elementString(const Poco::Redis::Array& array, std::size_t index) {
    if (index >= sizeOf(array)) return std::nullopt;
    try {
        auto bulk = array.get<Poco::Redis::BulkString>(index);
        if (bulk.isNull()) return std::nullopt;
        return bulk.value();
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

/// "serverId\nbaseUrl" as stored in the registry.
std::optional<RemoteBroadcast> parseRegistryValue(const std::string& value) {
    auto lineBreak = value.find('\n');
    if (lineBreak == std::string::npos || lineBreak == 0 || lineBreak + 1 >= value.size() || value.size() > 1024)
        return std::nullopt;
    return RemoteBroadcast{value.substr(0, lineBreak), value.substr(lineBreak + 1)};
}

}  // namespace

ClusterImpl::ClusterImpl(ClusterSettings settings, IoRuntime& runtime, Poco::Logger& logger)
    : _settings(std::move(settings)),
      _runtime(runtime),
      _logger(logger),
      _forwarder(std::make_unique<HttpForwarder>(runtime, _settings.serverId, logger)) {}

ClusterImpl::~ClusterImpl() { stop(); }

void ClusterImpl::start() {
    if (!_settings.enabled || _started) return;
    _commands = std::make_unique<RedisConnection>(_settings.redis);
    _subscriber = std::make_unique<RedisConnection>(_settings.redis);
    _commands->connect(Poco::Timespan(kConnectTimeout.count(), 0));
    _subscriber->connect(Poco::Timespan(kConnectTimeout.count(), 0));
    _subscriber->subscribe(busChannel());
    _subscriber->setReceiveTimeout(Poco::Timespan(kSilenceLimit.count(), 0));
    checkSecrets(*_commands);
    readRegistry(*_commands);
    _started = true;
    _outboxThread = std::thread([this] { runOutbox(); });
    _inboxThread = std::thread([this] { runInbox(); });
    _logger.notice("cluster: server \"%s\" joined through Redis at %s (reachable at %s, %z live broadcast(s) elsewhere)",
                   _settings.serverId, _settings.redis.describe(), _settings.advertiseUrl,
                   _directory.size(Clock::now()));
}

void ClusterImpl::checkSecrets(RedisConnection& redis) {
    if (_settings.secretsFingerprint.empty()) return;
    const std::string key = _settings.keyPrefix + ":secrets-fingerprint";
    Poco::Redis::Array claim;
    claim << "SET" << key << _settings.secretsFingerprint << "NX";
    redis.execute(claim);
    Poco::Redis::Array read;
    read << "GET" << key;
    auto stored = bulkString(redis.execute(read));
    if (stored && *stored != _settings.secretsFingerprint)
        throw std::runtime_error(
            "this server's auth and stream key secrets differ from the other servers' in the cluster (Redis key " + key +
            "); give every server the same SOCKSTREAM_AUTH_SECRET and SOCKSTREAM_STREAM_KEY_SECRET, or delete that key "
            "after changing them everywhere");
}

void ClusterImpl::stop() {
    if (!_started) return;
    _started = false;
    std::set<std::string> own;
    {
        std::lock_guard lock(_ownMutex);
        own.swap(_ownBroadcasts);
    }
    for (const auto& roomId : own) enqueue([this, roomId](RedisConnection& redis) { withdrawEntry(redis, roomId); });
    // Our own goodbye also wakes our subscription, which then ends.
    _inboxStopping = true;
    enqueue([this](RedisConnection& redis) { publishNow(redis, kServerChannel, "bye"); });
    {
        std::lock_guard lock(_outboxMutex);
        _stopping = true;
    }
    _outboxWake.notify_all();
    if (_outboxThread.joinable()) _outboxThread.join();
    if (_inboxThread.joinable()) _inboxThread.join();
    _commands->disconnect();
    _subscriber->disconnect();
    _logger.information("cluster: server \"%s\" left", _settings.serverId);
}

void ClusterImpl::enqueue(Job job) {
    {
        std::lock_guard lock(_outboxMutex);
        if (_stopping) return;
        if (_outbox.size() >= kOutboxLimit) {
            // Redis is away or slow: drop the oldest; pub/sub is at-most-once anyway
            // and the registry is rewritten on the next heartbeat.
            _outbox.pop_front();
            if (_dropped++ % 1000 == 0)
                _logger.warning("cluster: Redis is not keeping up; %z message(s) dropped so far", _dropped);
        }
        _outbox.push_back(std::move(job));
    }
    _outboxWake.notify_one();
}

void ClusterImpl::runOutbox() {
    auto nextHousekeeping = Clock::now();
    auto reconnectAt = Clock::now();
    bool reportedDown = false;
    std::optional<Clock::time_point> drainUntil;
    for (;;) {
        std::deque<Job> jobs;
        {
            std::unique_lock lock(_outboxMutex);
            auto wakeAt = _commands->connected() ? nextHousekeeping : reconnectAt;
            _outboxWake.wait_until(lock, wakeAt, [&] { return _stopping || !_outbox.empty(); });
            if (_stopping && !drainUntil) drainUntil = Clock::now() + kDrainLimit;
            jobs.swap(_outbox);
        }
        if (drainUntil && (jobs.empty() || Clock::now() > *drainUntil)) {
            if (!jobs.empty()) _logger.warning("cluster: %z message(s) not sent at shutdown", jobs.size());
            return;
        }
        if (!_commands->connected()) {
            if (Clock::now() < reconnectAt) {
                if (drainUntil) return;
                continue;  // pub/sub is at-most-once: what queued while Redis was away is dropped
            }
            try {
                _commands->connect(Poco::Timespan(kConnectTimeout.count(), 0));
                if (reportedDown) _logger.notice("cluster: Redis at %s is back", _settings.redis.describe());
                reportedDown = false;
                nextHousekeeping = Clock::now();
            } catch (const std::exception& error) {
                if (!reportedDown) _logger.error("cluster: %s; retrying every second", std::string(error.what()));
                reportedDown = true;
                reconnectAt = Clock::now() + std::chrono::seconds(1);
                if (drainUntil) return;
                continue;
            }
        }
        try {
            for (auto& job : jobs) job(*_commands);
            if (!drainUntil && Clock::now() >= nextHousekeeping) {
                housekeeping(*_commands);
                nextHousekeeping = Clock::now() + kHeartbeat;
            }
        } catch (const std::exception& error) {
            _commands->disconnect();
            if (!reportedDown) _logger.error("cluster: lost Redis at %s: %s", _settings.redis.describe(), std::string(error.what()));
            reportedDown = true;
            reconnectAt = Clock::now() + std::chrono::seconds(1);
        }
    }
}

void ClusterImpl::housekeeping(RedisConnection& redis) {
    publishNow(redis, kServerChannel, "hello");
    refreshOwnEntries(redis);
    readRegistry(redis);
}

void ClusterImpl::refreshOwnEntries(RedisConnection& redis) {
    std::set<std::string> own;
    {
        std::lock_guard lock(_ownMutex);
        own = _ownBroadcasts;
    }
    for (const auto& roomId : own) writeEntry(redis, roomId);
}

void ClusterImpl::writeEntry(RedisConnection& redis, const std::string& roomId) {
    Poco::Redis::Array command;
    command << "SET" << registryKey(roomId) << registryValue() << "PX"
            << std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(_settings.broadcastTtl).count());
    redis.execute(command);
}

void ClusterImpl::withdrawEntry(RedisConnection& redis, const std::string& roomId) {
    Poco::Redis::Array command;
    command << "EVAL" << kDeleteIfOwned << "1" << registryKey(roomId) << registryValue();
    redis.execute(command);
    publishNow(redis, kBroadcastChannel, "down " + roomId);
}

void ClusterImpl::readRegistry(RedisConnection& redis) {
    const std::string pattern = _settings.keyPrefix + ":broadcast:*";
    std::vector<std::string> keys;
    std::string cursor = "0";
    for (int round = 0; round < kMaxScanRounds; ++round) {
        Poco::Redis::Array command;
        command << "SCAN" << cursor << "MATCH" << pattern << "COUNT" << "1000";
        auto replyValue = redis.execute(command);  // arrayOf points into it
        auto* reply = arrayOf(replyValue);
        if (!reply || sizeOf(*reply) != 2) throw std::runtime_error("unexpected SCAN reply");
        cursor = elementString(*reply, 0).value_or("0");
        auto page = reply->get<Poco::Redis::Array>(1);
        for (std::size_t i = 0; i < sizeOf(page); ++i)
            if (auto key = elementString(page, i)) keys.push_back(*key);
        if (cursor == "0") break;
    }
    std::map<std::string, RemoteBroadcast> entries;
    const std::string keyPrefix = _settings.keyPrefix + ":broadcast:";
    for (std::size_t first = 0; first < keys.size(); first += 500) {
        Poco::Redis::Array command;
        command << "MGET";
        std::size_t last = std::min(keys.size(), first + 500);
        for (std::size_t i = first; i < last; ++i) command << keys[i];
        auto valuesReply = redis.execute(command);
        auto* values = arrayOf(valuesReply);
        if (!values) throw std::runtime_error("unexpected MGET reply");
        for (std::size_t i = first; i < last; ++i) {
            auto value = elementString(*values, i - first);
            if (!value) continue;  // expired between SCAN and MGET
            auto where = parseRegistryValue(*value);
            if (!where || where->serverId == _settings.serverId) continue;
            entries.emplace(keys[i].substr(keyPrefix.size()), std::move(*where));
        }
    }
    auto vanished = _directory.replaceAll(std::move(entries), Clock::now() + _settings.broadcastTtl);
    std::function<void(const std::string&, const RemoteBroadcast&)> notify;
    {
        std::lock_guard lock(_coreMutex);
        notify = _vanished;
    }
    if (notify)
        for (const auto& [roomId, where] : vanished) notify(roomId, where);
}

void ClusterImpl::publishNow(RedisConnection& redis, const std::string& channel, const std::string& payload) {
    ClusterEnvelope envelope{_settings.serverId, channel, payload};
    Poco::Redis::Array command;
    command << "PUBLISH" << busChannel() << envelope.encode();
    redis.execute(command);
}

void ClusterImpl::runInbox() {
    bool reportedDown = false;
    while (!_inboxStopping) {
        if (!_subscriber->connected()) {
            try {
                _subscriber->connect(Poco::Timespan(kConnectTimeout.count(), 0));
                _subscriber->subscribe(busChannel());
                _subscriber->setReceiveTimeout(Poco::Timespan(kSilenceLimit.count(), 0));
                reportedDown = false;
            } catch (const std::exception& error) {
                if (!reportedDown) _logger.error("cluster: subscription lost: %s; retrying every second", std::string(error.what()));
                reportedDown = true;
                waitOrStop(std::chrono::seconds(1));
                continue;
            }
        }
        try {
            auto reply = _subscriber->receive();
            const auto* message = arrayOf(reply);
            if (!message || sizeOf(*message) != 3 || elementString(*message, 0) != std::optional<std::string>("message"))
                continue;
            if (auto wire = elementString(*message, 2)) deliver(*wire);
        } catch (const std::exception& error) {
            _subscriber->disconnect();
            if (_inboxStopping) break;
            if (!reportedDown) _logger.warning("cluster: subscription interrupted (%s); reconnecting", std::string(error.what()));
        }
    }
}

void ClusterImpl::waitOrStop(std::chrono::milliseconds delay) {
    auto until = Clock::now() + delay;
    while (!_inboxStopping && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

void ClusterImpl::deliver(const std::string& wire) {
    std::string error;
    auto envelope = ClusterEnvelope::decode(wire, error);
    if (!envelope) {
        _logger.warning("cluster: dropped a message from Redis: %s", error);
        return;
    }
    if (envelope->serverId == _settings.serverId) {
        if (envelope->channel == kServerChannel && envelope->payload == "bye") _inboxStopping = true;
        return;
    }
    if (envelope->channel.compare(0, kCorePrefix.size(), kCorePrefix) == 0) {
        handleCoreMessage(*envelope);
        return;
    }
    std::vector<ClusterSubscriptionId> targets;
    {
        std::lock_guard lock(_subscriptionsMutex);
        for (const auto& [id, subscription] : _subscriptions)
            if (subscription.channel == envelope->channel) targets.push_back(id);
    }
    if (targets.empty()) return;
    _runtime.post([this, targets = std::move(targets), payload = std::move(envelope->payload)] {
        for (auto id : targets) {
            std::shared_ptr<const ClusterMessageHandler> handler;
            {
                // Looked up now, not at receipt: a plugin that unsubscribed meanwhile is not called.
                std::lock_guard lock(_subscriptionsMutex);
                if (auto it = _subscriptions.find(id); it != _subscriptions.end()) handler = it->second.handler;
            }
            if (!handler) continue;
            try {
                (*handler)(payload);
            } catch (const std::exception& error) {
                _logger.error("cluster: a message handler threw: %s", std::string(error.what()));
            }
        }
    });
}

void ClusterImpl::handleCoreMessage(const ClusterEnvelope& envelope) {
    if (envelope.channel == kServerChannel) {
        if (envelope.payload == "bye") _directory.forgetServer(envelope.serverId);
        return;
    }
    if (envelope.channel != kBroadcastChannel) {
        CoreHandler handler;
        {
            std::lock_guard lock(_coreMutex);
            if (auto it = _coreHandlers.find(envelope.channel); it != _coreHandlers.end()) handler = it->second;
        }
        if (handler) handler(envelope.serverId, envelope.payload);
        return;
    }
    std::istringstream words(envelope.payload);
    std::string verb, roomId, baseUrl;
    words >> verb >> roomId >> baseUrl;
    if (verb == "up" && !roomId.empty() && baseUrl.rfind("http://", 0) == 0)
        _directory.announce(roomId, RemoteBroadcast{envelope.serverId, baseUrl}, Clock::now() + _settings.broadcastTtl);
    else if (verb == "down" && !roomId.empty())
        _directory.withdraw(roomId, envelope.serverId);
}

void ClusterImpl::subscribeCore(const std::string& channel, CoreHandler handler) {
    std::lock_guard lock(_coreMutex);
    _coreHandlers[channel] = std::move(handler);
}

void ClusterImpl::publishCore(const std::string& channel, const std::string& payload) {
    if (!_settings.enabled) return;
    enqueue([this, channel, payload](RedisConnection& redis) { publishNow(redis, channel, payload); });
}

void ClusterImpl::onBroadcastVanished(std::function<void(const std::string&, const RemoteBroadcast&)> handler) {
    std::lock_guard lock(_coreMutex);
    _vanished = std::move(handler);
}

void ClusterImpl::publish(const std::string& channel, const std::string& payload) {
    if (!_settings.enabled) return;
    if (channel.empty() || channel.size() > ClusterEnvelope::kMaxChannel ||
        channel.compare(0, kCorePrefix.size(), kCorePrefix) == 0)
        throw std::invalid_argument("cluster: channel names are 1-128 characters and may not start with \"core.\"");
    if (payload.size() > ClusterEnvelope::kMaxPayload)
        throw std::invalid_argument("cluster: a message is at most 1 MiB");
    enqueue([this, channel, payload](RedisConnection& redis) { publishNow(redis, channel, payload); });
}

ClusterSubscriptionId ClusterImpl::subscribe(const std::string& owner, const std::string& channel,
                                             ClusterMessageHandler handler) {
    std::lock_guard lock(_subscriptionsMutex);
    ClusterSubscriptionId id = _nextSubscription++;
    _subscriptions.emplace(id, Subscription{owner, channel, std::make_shared<const ClusterMessageHandler>(std::move(handler))});
    return id;
}

void ClusterImpl::unsubscribe(ClusterSubscriptionId id) {
    std::lock_guard lock(_subscriptionsMutex);
    _subscriptions.erase(id);
}

void ClusterImpl::removeOwner(const std::string& owner) {
    std::lock_guard lock(_subscriptionsMutex);
    for (auto it = _subscriptions.begin(); it != _subscriptions.end();) {
        if (it->second.owner == owner)
            it = _subscriptions.erase(it);
        else
            ++it;
    }
}

std::optional<RemoteBroadcast> ClusterImpl::locateBroadcast(const std::string& roomId) const {
    if (!_settings.enabled) return std::nullopt;
    return _directory.locate(roomId, Clock::now());
}

void ClusterImpl::forward(const HttpRequest& request, const RemoteBroadcast& where, HttpResponder responder) {
    _forwarder->forward(request, where, std::move(responder));
}

void ClusterImpl::broadcastStarted(const std::string& roomId) {
    if (!_settings.enabled) return;
    {
        std::lock_guard lock(_ownMutex);
        _ownBroadcasts.insert(roomId);
    }
    // A takeover from another server: this server is now the one to ask.
    _directory.forget(roomId);
    enqueue([this, roomId](RedisConnection& redis) {
        writeEntry(redis, roomId);
        publishNow(redis, kBroadcastChannel, "up " + roomId + " " + _settings.advertiseUrl);
    });
}

void ClusterImpl::broadcastEnded(const std::string& roomId) {
    if (!_settings.enabled) return;
    {
        std::lock_guard lock(_ownMutex);
        if (_ownBroadcasts.erase(roomId) == 0) return;
    }
    enqueue([this, roomId](RedisConnection& redis) { withdrawEntry(redis, roomId); });
}

std::string ClusterImpl::registryKey(const std::string& roomId) const {
    return _settings.keyPrefix + ":broadcast:" + roomId;
}

std::string ClusterImpl::registryValue() const { return _settings.serverId + "\n" + _settings.advertiseUrl; }

std::unique_ptr<Cluster> ClusterImpl::viewFor(const std::string& owner) {
    return std::make_unique<ClusterView>(*this, owner);
}

}  // namespace sockstream::core
