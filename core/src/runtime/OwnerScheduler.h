#pragma once

#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "runtime/IoContextPool.h"
#include "runtime/TimerOwner.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::core {

/// The Scheduler one owner (the core or a plugin) sees; everything it starts
/// is dropped once IoRuntime::cancelOwner marks the owner cancelled. Timers and
/// posted tasks run on the caller's own I/O thread when it is one, so a plugin
/// reacting to a connection's event does not wake the other threads.
class OwnerScheduler : public Scheduler {
public:
    OwnerScheduler(IoContextPool& loops, boost::asio::thread_pool& workers, std::shared_ptr<TimerOwner> owner);

    std::shared_ptr<TimerHandle> after(std::chrono::milliseconds delay, std::function<void()> task) override;
    std::shared_ptr<TimerHandle> every(std::chrono::milliseconds interval, std::function<void()> task) override;
    void post(std::function<void()> task) override;
    void postBlocking(std::function<void()> task) override;

private:
    IoContextPool& _loops;
    boost::asio::thread_pool& _workers;
    std::shared_ptr<TimerOwner> _owner;
};

}  // namespace sockstream::core
