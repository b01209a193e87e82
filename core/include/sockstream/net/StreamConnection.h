#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace sockstream {

/// The core's side of one accepted TCP or TLS connection. Thread-safe; sends are queued.
class StreamConnection {
public:
    virtual ~StreamConnection() = default;
    virtual void send(std::string bytes) = 0;
    /// Closes after the queued bytes are written.
    virtual void close() = 0;
    virtual std::size_t queuedBytes() const = 0;
    virtual const std::string& remoteAddress() const = 0;
    virtual bool isTls() const = 0;
    /// The protocol's own checks passed (an RTMP publisher's stream key was
    /// accepted): the connection stops counting as pending, so it is never
    /// the one closed to make room when the listener fills up, nor held to the
    /// shorter deadline pending connections get under pressure. Any thread; once is enough.
    virtual void markEstablished() {}
};

/// A plugin's side of one connection. Callbacks for one connection never run
/// concurrently; onData receives bytes in order.
class StreamHandler {
public:
    virtual ~StreamHandler() = default;
    virtual void onOpen(std::shared_ptr<StreamConnection> connection) = 0;
    virtual void onData(const std::uint8_t* data, std::size_t size) = 0;
    /// Called once, whoever closed (peer, timeout, close(), shutdown).
    virtual void onClose() = 0;
};

}  // namespace sockstream
