#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace sockstream::core {

class OwnedTimer;

/// What one owner's Scheduler shares with its timers: the live timers, so
/// IoRuntime::cancelOwner can cancel them, and a flag that drops posted tasks.
struct TimerOwner {
    std::atomic<bool> cancelled{false};
    std::mutex mutex;
    std::unordered_set<std::shared_ptr<OwnedTimer>> timers;
};

}  // namespace sockstream::core
