#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "sockstream/events/EventBus.h"

namespace sockstream::core {

class ClusterImpl;
class EventBusImpl;
class RoomsImpl;

/// Makes the room events of one server (created, updated, deleted, stream
/// started, stream ended) happen on every server of the cluster, so each
/// server's plugins (chat's room:status, its room lists) see the whole
/// deployment. Relayed events carry `originServer`; they are never relayed again.
/// It also carries SignInSessionEnded, so a sign-out on one server ends the
/// chat connections of that session on every server.
class RoomEventRelay {
public:
    RoomEventRelay(ClusterImpl& cluster, EventBusImpl& events, RoomsImpl& rooms, Poco::Logger& logger);

    /// Hooks into the bus and the cluster; before the cluster starts. Nothing happens when the cluster is off.
    void attach();
    void detach();

    /// The wire form of one event ("stream.ended <roomId> <channelId> <broadcastId>"), nullopt for events it does not relay.
    static std::optional<std::string> encode(std::string_view topic, const Event& event);
    /// Republishes a relayed event on this server's bus.
    void replay(const std::string& serverId, const std::string& line);

private:
    ClusterImpl& _cluster;
    EventBusImpl& _events;
    RoomsImpl& _rooms;
    Poco::Logger& _logger;
    std::vector<SubscriptionId> _subscriptions;
};

}  // namespace sockstream::core
