#pragma once

#include <string>

#include "cluster/ClusterImpl.h"
#include "sockstream/cluster/Cluster.h"

namespace sockstream::core {

/// One plugin's handle on the cluster: its subscriptions carry its name, so
/// they are dropped before its library unloads.
class ClusterView : public Cluster {
public:
    ClusterView(ClusterImpl& cluster, std::string owner) : _cluster(cluster), _owner(std::move(owner)) {}

    bool enabled() const override { return _cluster.enabled(); }
    const std::string& serverId() const override { return _cluster.serverId(); }
    void publish(const std::string& channel, const std::string& payload) override { _cluster.publish(channel, payload); }
    ClusterSubscriptionId subscribe(const std::string& channel, ClusterMessageHandler handler) override {
        return _cluster.subscribe(_owner, channel, std::move(handler));
    }
    void unsubscribe(ClusterSubscriptionId id) override { _cluster.unsubscribe(id); }
    std::optional<RemoteBroadcast> locateBroadcast(const std::string& roomId) const override {
        return _cluster.locateBroadcast(roomId);
    }
    void forward(const HttpRequest& request, const RemoteBroadcast& where, HttpResponder responder) override {
        _cluster.forward(request, where, std::move(responder));
    }

private:
    ClusterImpl& _cluster;
    std::string _owner;
};

}  // namespace sockstream::core
