#pragma once

#include <Poco/Logger.h>

#include "net/ConnectionTracker.h"
#include "sockstream/metrics/Metrics.h"
#include "sockstream/net/ListenerRegistry.h"

namespace sockstream::core {

/// What every connection of one plugin listener shares.
struct ListenerContext {
    ListenerContext(ListenerSpec listenerSpec, Metrics& metrics)
        : spec(std::move(listenerSpec)),
          openConnections(metrics.gauge("open_connections", "Open connections, by kind", {{"kind", spec.name}})),
          logger(Poco::Logger::get("sockstream.listener")) {}

    ListenerSpec spec;
    Gauge& openConnections;
    ConnectionTracker connections;
    Poco::Logger& logger;
};

}  // namespace sockstream::core
