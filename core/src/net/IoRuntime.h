#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sockstream/util/Scheduler.h"

namespace boost::asio { class io_context; }

namespace sockstream::core {

/// The event loop (an asio io_context run by `ioThreads` threads) and the
/// worker pool for blocking work. Timers and tasks are tagged with the owning
/// plugin so they can be cancelled when it unloads.
class IoRuntime {
public:
    IoRuntime(int ioThreads, int workerThreads);
    ~IoRuntime();
    IoRuntime(const IoRuntime&) = delete;
    IoRuntime& operator=(const IoRuntime&) = delete;

    void start();
    /// Stops the loop and joins every thread; pending tasks are dropped.
    void stop();
    boost::asio::io_context& io();

    /// A Scheduler whose timers belong to `owner` ("core" or a plugin name).
    std::unique_ptr<Scheduler> schedulerFor(const std::string& owner);
    /// Cancels every timer of that owner.
    void cancelOwner(const std::string& owner);

    void post(std::function<void()> task);
    void postBlocking(std::function<void()> task);

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace sockstream::core
