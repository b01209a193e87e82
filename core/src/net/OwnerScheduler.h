#pragma once

#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "net/TimerOwner.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::core {

/// The Scheduler one owner (the core or a plugin) sees; everything it starts
/// is dropped once IoRuntime::cancelOwner marks the owner cancelled.
class OwnerScheduler : public Scheduler {
public:
    OwnerScheduler(boost::asio::io_context& io, boost::asio::thread_pool& workers, std::shared_ptr<TimerOwner> owner);

    std::shared_ptr<TimerHandle> after(std::chrono::milliseconds delay, std::function<void()> task) override;
    std::shared_ptr<TimerHandle> every(std::chrono::milliseconds interval, std::function<void()> task) override;
    void post(std::function<void()> task) override;
    void postBlocking(std::function<void()> task) override;

private:
    boost::asio::io_context& _io;
    boost::asio::thread_pool& _workers;
    std::shared_ptr<TimerOwner> _owner;
};

}  // namespace sockstream::core
