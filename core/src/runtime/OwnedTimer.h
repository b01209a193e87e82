#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "runtime/TimerOwner.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::core {

/// A one-shot or repeating steady_timer registered with its owner. The timer
/// lives on its own strand so cancel() may come from any thread; the task is
/// released once the timer is done, so no plugin code outlives a cancel.
class OwnedTimer : public TimerHandle, public std::enable_shared_from_this<OwnedTimer> {
public:
    OwnedTimer(boost::asio::io_context& io, std::shared_ptr<TimerOwner> owner,
               std::chrono::milliseconds interval, bool repeating, std::function<void()> task);
    void start();
    void cancel() override;

private:
    void arm();
    void onExpiry(const boost::system::error_code& error);
    void finish();

    boost::asio::strand<boost::asio::io_context::executor_type> _strand;
    boost::asio::steady_timer _timer;
    std::shared_ptr<TimerOwner> _owner;
    std::chrono::milliseconds _interval;
    bool _repeating;
    std::function<void()> _task;
    std::atomic<bool> _cancelled{false};
};

}  // namespace sockstream::core
