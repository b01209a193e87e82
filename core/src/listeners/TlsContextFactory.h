#pragma once

#include <memory>

#include <boost/asio/ssl/context.hpp>

#include "sockstream/net/ListenerRegistry.h"

namespace sockstream::core {

/// Builds a server TLS context from PEM files with Poco NetSSL and hands the
/// resulting SSL_CTX to asio (which takes its own reference).
class TlsContextFactory {
public:
    /// Throws std::invalid_argument naming the file when a certificate or key
    /// cannot be read or they do not belong together.
    static std::shared_ptr<boost::asio::ssl::context> create(const TlsConfig& config);
};

}  // namespace sockstream::core
