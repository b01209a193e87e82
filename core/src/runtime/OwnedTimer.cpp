#include "runtime/OwnedTimer.h"

#include <boost/asio/post.hpp>
#include <Poco/Logger.h>

namespace sockstream::core {

OwnedTimer::OwnedTimer(boost::asio::io_context& io, std::shared_ptr<TimerOwner> owner,
                       std::chrono::milliseconds interval, bool repeating, std::function<void()> task)
    : _strand(boost::asio::make_strand(io)),
      _timer(_strand),
      _owner(std::move(owner)),
      _interval(interval.count() < 0 ? std::chrono::milliseconds(0) : interval),
      _repeating(repeating),
      _task(std::move(task)) {
    // A zero interval would spin an I/O thread.
    if (_repeating && _interval.count() == 0) _interval = std::chrono::milliseconds(1);
}

void OwnedTimer::start() {
    {
        std::lock_guard lock(_owner->mutex);
        _owner->timers.insert(shared_from_this());
    }
    boost::asio::post(_strand, [self = shared_from_this()] { self->arm(); });
}

void OwnedTimer::cancel() {
    if (_cancelled.exchange(true)) return;
    boost::asio::post(_strand, [self = shared_from_this()] { self->_timer.cancel(); self->finish(); });
}

void OwnedTimer::arm() {
    if (_cancelled || _owner->cancelled) return finish();
    _timer.expires_after(_interval);
    _timer.async_wait([self = shared_from_this()](const boost::system::error_code& error) { self->onExpiry(error); });
}

void OwnedTimer::onExpiry(const boost::system::error_code& error) {
    if (error || _cancelled || _owner->cancelled || !_task) return finish();
    try {
        _task();
    } catch (const std::exception& e) {
        Poco::Logger::get("sockstream.scheduler").error("timer task failed: %s", std::string(e.what()));
    } catch (...) {
        Poco::Logger::get("sockstream.scheduler").error("timer task failed with an unknown exception");
    }
    if (_repeating) arm();
    else finish();
}

void OwnedTimer::finish() {
    _task = nullptr;
    std::lock_guard lock(_owner->mutex);
    _owner->timers.erase(shared_from_this());
}

}  // namespace sockstream::core
