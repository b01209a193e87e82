#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sockstream/Export.h"

namespace sockstream {

/// The core's side of an accepted WebSocket. Thread-safe; sends are queued.
class WebSocketConnection {
public:
    virtual ~WebSocketConnection() = default;
    virtual void sendText(std::string message) = 0;
    /// Sends one payload shared by many connections (a broadcast) without a copy each.
    virtual void sendText(std::shared_ptr<const std::string> message) = 0;
    virtual void sendBinary(std::string message) = 0;
    /// Sends a close frame after queued messages and ends the connection.
    virtual void close(std::uint16_t code = 1000, std::string reason = {}) = 0;
    virtual std::size_t queuedBytes() const = 0;
    virtual const std::string& remoteAddress() const = 0;
};

/// Connections prepared for repeated broadcasts (a chat room's members):
/// sorted by I/O thread once, so each broadcast costs one task per thread and,
/// per member, only its send. Immutable and cheap to copy; build a new one
/// when the members change. Members that close meanwhile are skipped.
class SOCKSTREAM_API WebSocketAudience {
public:
    WebSocketAudience();
    /// Null connections are left out.
    explicit WebSocketAudience(const std::vector<std::shared_ptr<WebSocketConnection>>& connections);
    ~WebSocketAudience();
    WebSocketAudience(const WebSocketAudience&);
    WebSocketAudience& operator=(const WebSocketAudience&);

    std::size_t size() const;
    /// Each payload as its own text frame, in order (null ones skipped). On
    /// the core's connections they leave in one write per connection: a
    /// broadcaster that gathers a room's messages for a moment pays one system
    /// call per member for all of them. All or nothing per connection against
    /// sendText's queue limit, so nobody gets a later message without the
    /// earlier ones. Thread-safe.
    void sendText(const std::vector<std::shared_ptr<const std::string>>& messages) const;

private:
    struct Members;
    std::shared_ptr<const Members> _members;
};

/// A one-off broadcast: WebSocketAudience(connections).sendText({message}).
SOCKSTREAM_API void sendTextToAll(const std::vector<std::shared_ptr<WebSocketConnection>>& connections,
                                  const std::shared_ptr<const std::string>& message);
/// A one-off broadcast of several payloads, each its own frame, in order.
SOCKSTREAM_API void sendTextToAll(const std::vector<std::shared_ptr<WebSocketConnection>>& connections,
                                  const std::vector<std::shared_ptr<const std::string>>& messages);

/// A plugin's side of one WebSocket. Callbacks for one connection never run
/// concurrently with each other.
class WebSocketHandler {
public:
    virtual ~WebSocketHandler() = default;
    virtual void onOpen(std::shared_ptr<WebSocketConnection> connection) = 0;
    virtual void onMessage(std::string_view message, bool binary) = 0;
    /// Called once, whoever closed. Drop the connection pointer here.
    virtual void onClose() = 0;
};

struct WebSocketOptions {
    std::size_t maxMessageBytes = 1'000'000;   ///< larger frames close the connection (1009)
    std::size_t maxQueuedBytes = 4u << 20;     ///< a reader slower than this is disconnected
};

}  // namespace sockstream
