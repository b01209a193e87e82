#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sockstream/net/StreamConnection.h"

namespace sockstream {

struct TlsConfig {
    std::string certificateFile;  ///< PEM chain
    std::string privateKeyFile;   ///< PEM key
};

struct ListenerSpec {
    std::string name;                  ///< unique, e.g. "rtmp", "rtmps"; shown in logs and /healthz
    std::string host = "0.0.0.0";
    int port = 0;                      ///< 0 picks a free port (tests); see boundPort()
    std::optional<TlsConfig> tls;
    std::chrono::milliseconds readTimeout{10'000};  ///< no bytes for this long closes the connection
    std::size_t maxQueuedBytes = 8u << 20;          ///< a peer that reads slower is disconnected
    std::size_t maxConnections = 10'000;
    /// Connections one client address (an IPv6 /64) may hold open; 0: no cap.
    /// Addresses in the server's limits.exemptAddresses (reverse proxies) are not counted.
    std::size_t maxConnectionsPerAddress = 64;
    /// A quarter of maxConnections is kept for established connections (see
    /// StreamConnection::markEstablished). While the pending ones fill half of
    /// the rest, a pending connection must become established within this long
    /// of being accepted; when they fill all of it, the oldest makes room for a newcomer.
    std::chrono::milliseconds pendingTimeoutUnderPressure{3'000};
};

using StreamHandlerFactory = std::function<std::shared_ptr<StreamHandler>()>;

/// TCP and TLS listeners served by the core's event loop: thousands of idle
/// connections cost memory, not threads. Listeners open after every plugin started.
class ListenerRegistry {
public:
    virtual ~ListenerRegistry() = default;
    /// Throws std::invalid_argument for a duplicate name or an unreadable certificate.
    virtual void add(const ListenerSpec& spec, StreamHandlerFactory factory) = 0;
    /// The port actually bound, once listeners are open; 0 before.
    virtual int boundPort(const std::string& name) const = 0;
};

}  // namespace sockstream
