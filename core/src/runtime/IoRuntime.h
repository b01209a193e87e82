#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sockstream/util/Scheduler.h"

namespace boost::asio { class io_context; }

namespace sockstream::core {

/// The event loops (one asio io_context per I/O thread, see IoContextPool) and
/// the worker pool for blocking work. Timers and tasks are tagged with the
/// owning plugin so they can be cancelled when it unloads.
class IoRuntime {
public:
    /// webSocketThreads: how many of the I/O threads upgraded WebSocket
    /// connections are spread over (0: all of them).
    IoRuntime(int ioThreads, int workerThreads, int webSocketThreads = 0);
    ~IoRuntime();
    IoRuntime(const IoRuntime&) = delete;
    IoRuntime& operator=(const IoRuntime&) = delete;

    void start();
    /// Stops the loop and joins every thread; pending tasks are dropped.
    void stop();
    /// The first loop: for acceptors and other long-lived, rarely busy objects.
    boost::asio::io_context& io();
    /// The loop a new connection lives on for its whole life (round-robin).
    boost::asio::io_context& nextConnectionIo();
    /// The loop an upgraded WebSocket connection moves to (round-robin over
    /// the first webSocketThreads loops).
    boost::asio::io_context& nextWebSocketIo();
    /// Whether the caller runs on one of the I/O threads.
    bool onIoThread() const;
    /// Whether stop() has been called.
    bool stopped() const;

    /// A Scheduler whose timers belong to `owner` ("core" or a plugin name).
    std::unique_ptr<Scheduler> schedulerFor(const std::string& owner);
    /// Cancels every timer of that owner.
    void cancelOwner(const std::string& owner);

    /// Runs `task` on an I/O thread: the caller's own when it is one.
    void post(std::function<void()> task);
    void postBlocking(std::function<void()> task);

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace sockstream::core
