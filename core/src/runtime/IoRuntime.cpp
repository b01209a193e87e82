#include "runtime/IoRuntime.h"

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <Poco/Logger.h>

#include "runtime/IoContextPool.h"
#include "runtime/OwnedTimer.h"
#include "runtime/OwnerScheduler.h"

namespace sockstream::core {
namespace {

int resolveThreadCount(int requested) {
    if (requested > 0) return requested;
    unsigned hardware = std::thread::hardware_concurrency();
    return hardware == 0 ? 2 : static_cast<int>(hardware);
}

}  // namespace

struct IoRuntime::Impl {
    Impl(int ioThreadCount, int workerThreadCount, int webSocketThreadCount)
        : loops(resolveThreadCount(ioThreadCount)),
          workers(static_cast<std::size_t>(resolveThreadCount(workerThreadCount))),
          webSocketThreads(webSocketThreadCount > 0 ? static_cast<std::size_t>(webSocketThreadCount) : 0) {}

    IoContextPool loops;
    boost::asio::thread_pool workers;
    std::size_t webSocketThreads;
    std::mutex ownersMutex;
    std::multimap<std::string, std::weak_ptr<TimerOwner>> owners;
    bool started = false;
    std::atomic<bool> stopped{false};
};

IoRuntime::IoRuntime(int ioThreads, int workerThreads, int webSocketThreads)
    : _impl(std::make_unique<Impl>(ioThreads, workerThreads, webSocketThreads)) {}

IoRuntime::~IoRuntime() { stop(); }

void IoRuntime::start() {
    if (_impl->started || _impl->stopped) return;
    _impl->started = true;
    _impl->loops.start();
}

void IoRuntime::stop() {
    if (_impl->stopped) return;
    _impl->stopped = true;
    _impl->workers.stop();
    _impl->workers.join();
    _impl->loops.stop();
    // A live timer and its owner refer to each other; with the loop gone, let both go.
    std::lock_guard lock(_impl->ownersMutex);
    for (auto& [name, weak] : _impl->owners) {
        if (auto state = weak.lock()) {
            state->cancelled = true;
            std::unordered_set<std::shared_ptr<OwnedTimer>> timers;
            {
                std::lock_guard timersLock(state->mutex);
                timers.swap(state->timers);
            }
        }
    }
}

boost::asio::io_context& IoRuntime::io() { return _impl->loops.at(0); }

boost::asio::io_context& IoRuntime::nextConnectionIo() { return _impl->loops.next(); }

boost::asio::io_context& IoRuntime::nextWebSocketIo() { return _impl->loops.nextAmongFirst(_impl->webSocketThreads); }

bool IoRuntime::onIoThread() const { return _impl->loops.onIoThread(); }

bool IoRuntime::stopped() const { return _impl->stopped; }

std::unique_ptr<Scheduler> IoRuntime::schedulerFor(const std::string& owner) {
    auto state = std::make_shared<TimerOwner>();
    {
        std::lock_guard lock(_impl->ownersMutex);
        for (auto it = _impl->owners.begin(); it != _impl->owners.end();)
            it = it->second.expired() ? _impl->owners.erase(it) : std::next(it);
        _impl->owners.emplace(owner, state);
    }
    return std::make_unique<OwnerScheduler>(_impl->loops, _impl->workers, std::move(state));
}

void IoRuntime::cancelOwner(const std::string& owner) {
    std::vector<std::shared_ptr<TimerOwner>> states;
    {
        std::lock_guard lock(_impl->ownersMutex);
        auto [first, last] = _impl->owners.equal_range(owner);
        for (auto it = first; it != last; ++it)
            if (auto state = it->second.lock()) states.push_back(std::move(state));
        _impl->owners.erase(first, last);
    }
    for (auto& state : states) {
        state->cancelled = true;
        std::vector<std::shared_ptr<OwnedTimer>> timers;
        {
            std::lock_guard lock(state->mutex);
            timers.assign(state->timers.begin(), state->timers.end());
        }
        for (auto& timer : timers) timer->cancel();
    }
}

namespace {

/// A task that throws is logged; it must not end an I/O or worker thread.
std::function<void()> logged(std::function<void()> task) {
    return [task = std::move(task)] {
        try {
            task();
        } catch (const std::exception& e) {
            Poco::Logger::get("sockstream.io").error("task failed: %s", std::string(e.what()));
        } catch (...) {
            Poco::Logger::get("sockstream.io").error("task failed with an unknown exception");
        }
    };
}

}  // namespace

void IoRuntime::post(std::function<void()> task) { boost::asio::post(_impl->loops.local(), logged(std::move(task))); }

void IoRuntime::postBlocking(std::function<void()> task) {
    boost::asio::post(_impl->workers, logged(std::move(task)));
}

}  // namespace sockstream::core
