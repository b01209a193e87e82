#include "ManualScheduler.h"

#include <algorithm>

namespace sockstream::test {

struct ManualScheduler::Timer : TimerHandle {
    std::chrono::milliseconds due{0};
    std::chrono::milliseconds interval{0};  // zero: one-shot
    std::function<void()> task;
    bool cancelled = false;
    bool fired = false;
    void cancel() override { cancelled = true; }
};

std::shared_ptr<TimerHandle> ManualScheduler::after(std::chrono::milliseconds delay, std::function<void()> task) {
    auto timer = std::make_shared<Timer>();
    timer->due = _now + delay;
    timer->task = std::move(task);
    _timers.push_back(timer);
    return timer;
}

std::shared_ptr<TimerHandle> ManualScheduler::every(std::chrono::milliseconds interval, std::function<void()> task) {
    auto timer = std::make_shared<Timer>();
    timer->due = _now + interval;
    timer->interval = interval;
    timer->task = std::move(task);
    _timers.push_back(timer);
    return timer;
}

void ManualScheduler::advance(std::chrono::milliseconds by) {
    auto target = _now + by;
    for (;;) {
        std::shared_ptr<Timer> next;
        for (const auto& timer : _timers)
            if (!timer->cancelled && !timer->fired && timer->due <= target && (!next || timer->due < next->due))
                next = timer;
        if (!next) break;
        _now = next->due;
        if (next->interval.count() > 0) next->due += next->interval;
        else next->fired = true;
        next->task();  // may add or cancel timers
    }
    _now = target;
    std::erase_if(_timers, [](const auto& timer) { return timer->cancelled || timer->fired; });
}

std::size_t ManualScheduler::pendingTimers() const {
    return static_cast<std::size_t>(std::count_if(_timers.begin(), _timers.end(), [](const auto& timer) {
        return !timer->cancelled && !timer->fired;
    }));
}

}  // namespace sockstream::test
