#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "connections/AddressRanges.h"

namespace sockstream { class Metrics; }

namespace sockstream::core {

class IoRuntime;
class RequestDispatcher;

struct HttpServerOptions {
    std::string host = "0.0.0.0";
    int port = 8080;                       ///< 0 picks a free port
    std::size_t maxHeaderBytes = 16 * 1024;
    std::size_t maxBodyBytes = 1024 * 1024;
    std::chrono::seconds requestTimeout{30};  ///< to receive a whole request
    std::chrono::seconds idleTimeout{75};     ///< keep-alive between requests
    std::size_t maxConnections = 20'000;
    /// Connections (HTTP and WebSocket) one client address, an IPv6 /64, may hold; 0: no cap.
    std::size_t maxConnectionsPerAddress = 256;
    AddressRanges exemptAddresses;  ///< reverse proxies: not counted per address
    /// Beyond three quarters of maxConnections, a connection waiting for its
    /// (next) request is closed after this instead of the usual timeouts.
    std::chrono::seconds idleTimeoutUnderPressure{5};
};

/// HTTP/1.1 on the event loop (Boost.Beast): parses with limits, rejects bad
/// paths, hands requests to the dispatcher, applies ETag/Range/HEAD to the
/// answers, and upgrades to WebSocket when a handler accepts one.
class HttpServer {
public:
    HttpServer(IoRuntime& runtime, HttpServerOptions options, RequestDispatcher& dispatcher, Metrics& metrics);
    ~HttpServer();
    /// Binds and starts accepting. Throws with the address on failure.
    void open();
    int boundPort() const;
    /// Stops accepting and closes every connection, WebSockets included.
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace sockstream::core
