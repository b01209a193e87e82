#include "runtime/OwnerScheduler.h"

#include <boost/asio/post.hpp>
#include <Poco/Logger.h>

#include "runtime/OwnedTimer.h"

namespace sockstream::core {
namespace {

std::function<void()> guarded(std::shared_ptr<TimerOwner> owner, std::function<void()> task) {
    return [owner = std::move(owner), task = std::move(task)] {
        if (owner->cancelled) return;
        try {
            task();
        } catch (const std::exception& e) {
            Poco::Logger::get("sockstream.scheduler").error("task failed: %s", std::string(e.what()));
        } catch (...) {
            Poco::Logger::get("sockstream.scheduler").error("task failed with an unknown exception");
        }
    };
}

}  // namespace

OwnerScheduler::OwnerScheduler(IoContextPool& loops, boost::asio::thread_pool& workers,
                               std::shared_ptr<TimerOwner> owner)
    : _loops(loops), _workers(workers), _owner(std::move(owner)) {}

std::shared_ptr<TimerHandle> OwnerScheduler::after(std::chrono::milliseconds delay, std::function<void()> task) {
    auto timer = std::make_shared<OwnedTimer>(_loops.local(), _owner, delay, false, std::move(task));
    timer->start();
    return timer;
}

std::shared_ptr<TimerHandle> OwnerScheduler::every(std::chrono::milliseconds interval, std::function<void()> task) {
    auto timer = std::make_shared<OwnedTimer>(_loops.local(), _owner, interval, true, std::move(task));
    timer->start();
    return timer;
}

void OwnerScheduler::post(std::function<void()> task) {
    boost::asio::post(_loops.local(), guarded(_owner, std::move(task)));
}

void OwnerScheduler::postBlocking(std::function<void()> task) {
    boost::asio::post(_workers, guarded(_owner, std::move(task)));
}

}  // namespace sockstream::core
