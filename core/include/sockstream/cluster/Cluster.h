#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace sockstream {

class HttpRequest;
class HttpResponder;

/// The server a broadcast is ingested on, when that is not this server.
struct RemoteBroadcast {
    std::string serverId;
    std::string baseUrl;  ///< how servers reach each other, e.g. "http://10.0.0.7:8080" (cluster.advertiseUrl)
};

using ClusterSubscriptionId = std::uint64_t;
/// Receives one message another server published on the channel.
using ClusterMessageHandler = std::function<void(const std::string& payload)>;

/// The servers of one deployment (config "cluster", off by default). When it
/// is off, enabled() is false, publish() does nothing and locateBroadcast()
/// finds nothing, so a plugin can use it unconditionally.
///
/// Messages are fire-and-forget (Redis pub/sub): every other server that is
/// connected at that moment receives them once, in publishing order per
/// server; the publishing server never receives its own.
class Cluster {
public:
    virtual ~Cluster() = default;

    virtual bool enabled() const = 0;
    /// This server's name in the deployment (cluster.serverId).
    virtual const std::string& serverId() const = 0;

    /// `channel` names the conversation, e.g. "chat.room"; a payload is at most 1 MiB.
    virtual void publish(const std::string& channel, const std::string& payload) = 0;
    /// The handler runs on an I/O thread and must not block. Subscriptions are
    /// removed when the plugin unloads.
    virtual ClusterSubscriptionId subscribe(const std::string& channel, ClusterMessageHandler handler) = 0;
    virtual void unsubscribe(ClusterSubscriptionId id) = 0;

    /// The other server a room's broadcast is live on; nullopt when it is live
    /// here, offline, or the cluster is off.
    virtual std::optional<RemoteBroadcast> locateBroadcast(const std::string& roomId) const = 0;
    /// Relays a request to that server as a GET (a HEAD is answered from it by
    /// this server's HTTP layer) and its answer to the client,
    /// without holding a thread while the other server takes its time (a
    /// blocking playlist reload). A server never forwards a forwarded request
    /// again: it answers 404 instead, so a stale registry cannot loop.
    virtual void forward(const HttpRequest& request, const RemoteBroadcast& where, HttpResponder responder) = 0;
};

}  // namespace sockstream
