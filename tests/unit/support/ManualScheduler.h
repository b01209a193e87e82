#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sockstream/util/Scheduler.h"

namespace sockstream::test {

/// A Scheduler driven by the test: timers fire only when advance() moves the
/// clock past them, so grace windows and expiries are tested without sleeping.
/// post() and postBlocking() run the task at once.
class ManualScheduler : public Scheduler {
public:
    std::shared_ptr<TimerHandle> after(std::chrono::milliseconds delay, std::function<void()> task) override;
    std::shared_ptr<TimerHandle> every(std::chrono::milliseconds interval, std::function<void()> task) override;
    void post(std::function<void()> task) override { task(); }
    void postBlocking(std::function<void()> task) override { task(); }

    /// Moves the clock and runs every timer that became due, in due order.
    void advance(std::chrono::milliseconds by);
    /// Timers neither fired (one-shot) nor cancelled.
    std::size_t pendingTimers() const;

private:
    struct Timer;
    std::chrono::milliseconds _now{0};
    std::vector<std::shared_ptr<Timer>> _timers;
};

}  // namespace sockstream::test
