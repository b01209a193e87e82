#pragma once

#include <string>

#include <Poco/Logger.h>

#include "sockstream/cluster/Cluster.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"

namespace sockstream::core {

class IoRuntime;

/// Relays a GET to the server that holds a broadcast and its answer back,
/// asynchronously on the event loop (Boost.Beast client), so a held LL-HLS
/// request costs a socket, not a thread.
class HttpForwarder {
public:
    /// Set on forwarded requests; a server that receives one does not forward again.
    static constexpr const char* kForwardedHeader = "X-SockStream-Forwarded-By";

    HttpForwarder(IoRuntime& runtime, std::string serverId, Poco::Logger& logger)
        : _runtime(runtime), _serverId(std::move(serverId)), _logger(logger) {}

    void forward(const HttpRequest& request, const RemoteBroadcast& where, HttpResponder responder);

private:
    IoRuntime& _runtime;
    std::string _serverId;
    Poco::Logger& _logger;
};

/// host and port of an "http://host[:port][/...]" base URL; false when malformed.
bool splitHttpBaseUrl(const std::string& baseUrl, std::string& host, std::string& port);

}  // namespace sockstream::core
