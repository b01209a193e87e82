#pragma once

#include <algorithm>
#include <memory>

#include <Poco/Logger.h>

#include "connections/ConnectionTracker.h"
#include "connections/PerAddressLimiter.h"
#include "listeners/PendingConnections.h"
#include "sockstream/metrics/Metrics.h"
#include "sockstream/net/ListenerRegistry.h"

namespace sockstream::core {

/// What every connection of one plugin listener shares.
struct ListenerContext {
    ListenerContext(ListenerSpec listenerSpec, Metrics& metrics, const AddressRanges& exemptAddresses)
        : spec(std::move(listenerSpec)),
          openConnections(metrics.gauge("open_connections", "Open connections, by kind", {{"kind", spec.name}})),
          pendingGauge(metrics.gauge("pending_connections",
                                     "Plugin listener connections not yet established (e.g. an encoder before its "
                                     "stream key is accepted), by kind",
                                     {{"kind", spec.name}})),
          refusedFull(metrics.counter("connections_refused_total", "Connections refused at accept, by kind and reason",
                                      {{"kind", spec.name}, {"reason", "capacity"}})),
          evicted(metrics.counter("connections_evicted_total",
                                  "Pending connections closed to make room for a newcomer, by kind",
                                  {{"kind", spec.name}})),
          logger(Poco::Logger::get("sockstream.listener")),
          perAddress(std::make_shared<PerAddressLimiter>(
              spec.name,
              PerAddressPolicy{spec.maxConnectionsPerAddress, exemptAddresses,
                               "the listener's maxConnectionsPerAddress"},
              metrics, logger)) {}

    /// Pending connections may use this many places; the rest is kept for established ones.
    std::size_t pendingCapacity() const {
        return std::max<std::size_t>(1, spec.maxConnections - spec.maxConnections / 4);
    }
    bool underPressure() const { return pending.size() * 2 >= pendingCapacity(); }

    ListenerSpec spec;
    Gauge& openConnections;
    Gauge& pendingGauge;
    Counter& refusedFull;
    Counter& evicted;
    ConnectionTracker connections;
    PendingConnections pending;
    Poco::Logger& logger;
    std::shared_ptr<PerAddressLimiter> perAddress;
};

}  // namespace sockstream::core
