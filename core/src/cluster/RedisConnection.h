#pragma once

#include <memory>
#include <string>

#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Timespan.h>

#include "cluster/RedisEndpoint.h"

namespace sockstream::core {

/// One connection to Redis (Poco::Redis), authenticated and on the right
/// database. Not thread-safe: each cluster thread owns its own. Any error
/// leaves it disconnected; the owner reconnects.
class RedisConnection {
public:
    explicit RedisConnection(RedisEndpoint endpoint) : _endpoint(std::move(endpoint)) {}

    /// Throws std::runtime_error saying, in words, why Redis could not be used.
    void connect(Poco::Timespan timeout);
    void disconnect();
    bool connected() const { return _client != nullptr; }

    /// Runs one command and returns its reply; Redis errors throw.
    Poco::Redis::RedisType::Ptr execute(const Poco::Redis::Array& command);
    /// Switches the connection to pub/sub mode on one channel.
    void subscribe(const std::string& channel);
    /// The next pushed reply; throws (e.g. Poco::TimeoutException) when none
    /// arrives within the receive timeout.
    Poco::Redis::RedisType::Ptr receive();
    void setReceiveTimeout(Poco::Timespan timeout);

    const RedisEndpoint& endpoint() const { return _endpoint; }

private:
    RedisEndpoint _endpoint;
    std::unique_ptr<Poco::Redis::Client> _client;
};

}  // namespace sockstream::core
