#pragma once

#include <atomic>

#include <Poco/Logger.h>

#include "http/RequestDispatcher.h"
#include "net/ConnectionTracker.h"
#include "net/HttpServer.h"
#include "net/IoRuntime.h"
#include "net/StatusCounters.h"
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
          logger(Poco::Logger::get("sockstream.http")) {}

    HttpServerOptions options;
    IoRuntime& runtime;  ///< outlives the servers: stopped after they closed
    RequestDispatcher& dispatcher;
    StatusCounters statusCounters;
    Gauge& httpConnections;
    Gauge& webSocketConnections;
    ConnectionTracker connections;
    std::atomic<bool> closing{false};
    Poco::Logger& logger;
};

}  // namespace sockstream::core
