#pragma once

#include <atomic>

#include <Poco/Logger.h>

#include "connections/ConnectionTracker.h"
#include "connections/PerAddressLimiter.h"
#include "http/RequestDispatcher.h"
#include "httpserver/HttpServer.h"
#include "httpserver/StatusCounters.h"
#include "runtime/IoRuntime.h"
#include "sockstream/metrics/Metrics.h"

namespace sockstream::core {

/// What every HTTP and WebSocket session of one server shares. Sessions hold
/// it by shared_ptr: a responder kept by a plugin may outlive the server.
struct HttpServerContext {
    HttpServerContext(HttpServerOptions serverOptions, IoRuntime& ioRuntime, RequestDispatcher& requestDispatcher,
                      Metrics& metrics)
        : options(std::move(serverOptions)),
          runtime(ioRuntime),
          dispatcher(requestDispatcher),
          statusCounters(metrics),
          httpConnections(metrics.gauge("open_connections", "Open connections, by kind", {{"kind", "http"}})),
          webSocketConnections(metrics.gauge("open_connections", "Open connections, by kind", {{"kind", "websocket"}})),
          refusedFull(metrics.counter("connections_refused_total", "Connections refused at accept, by kind and reason",
                                      {{"kind", "http"}, {"reason", "capacity"}})),
          logger(Poco::Logger::get("sockstream.http")),
          perAddress(std::make_shared<PerAddressLimiter>(
              "http",
              PerAddressPolicy{options.maxConnectionsPerAddress, options.exemptAddresses,
                               "server.limits.maxConnectionsPerAddress"},
              metrics, logger)) {}

    bool underPressure() const { return connections.size() * 4 >= options.maxConnections * 3; }

    HttpServerOptions options;
    IoRuntime& runtime;  ///< outlives the servers: stopped after they closed
    RequestDispatcher& dispatcher;
    StatusCounters statusCounters;
    Gauge& httpConnections;
    Gauge& webSocketConnections;
    ConnectionTracker connections;
    std::atomic<bool> closing{false};
    Counter& refusedFull;
    Poco::Logger& logger;
    /// HTTP and WebSocket connections together: an upgrade keeps its place.
    std::shared_ptr<PerAddressLimiter> perAddress;
};

}  // namespace sockstream::core
