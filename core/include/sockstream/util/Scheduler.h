#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace sockstream {

/// A cancellable timer. Cancelling is idempotent and safe from any thread;
/// destroying the handle does not cancel.
class TimerHandle {
public:
    virtual ~TimerHandle() = default;
    virtual void cancel() = 0;
};

/// The core's event loop and worker pool, for plugins that need time or
/// background work without threads of their own.
class Scheduler {
public:
    virtual ~Scheduler() = default;
    /// Runs once on an I/O thread after the delay.
    virtual std::shared_ptr<TimerHandle> after(std::chrono::milliseconds delay, std::function<void()> task) = 0;
    /// Runs on an I/O thread every interval until cancelled or the plugin stops.
    virtual std::shared_ptr<TimerHandle> every(std::chrono::milliseconds interval, std::function<void()> task) = 0;
    /// Runs soon on an I/O thread.
    virtual void post(std::function<void()> task) = 0;
    /// Runs soon on the worker pool (may block: database, hashing, outgoing HTTP).
    virtual void postBlocking(std::function<void()> task) = 0;
};

}  // namespace sockstream
