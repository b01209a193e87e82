#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace sockstream::chat {

class TimerWheel;

/// One timer on a TimerWheel, embedded in what it times (an Engine.IO
/// session): scheduling it allocates nothing. Not copyable; whoever owns it
/// cancels it before destroying it (the destructor cancels as a last resort).
class WheelTimer {
public:
    WheelTimer() = default;
    WheelTimer(const WheelTimer&) = delete;
    WheelTimer& operator=(const WheelTimer&) = delete;
    ~WheelTimer();

    bool scheduled() const { return _list != nullptr; }
    std::int64_t deadline() const { return _deadline; }

private:
    friend class TimerWheel;
    struct List;
    TimerWheel* _wheel = nullptr;
    List* _list = nullptr;  ///< the slot (or the firing list) it is linked into
    WheelTimer* _prev = nullptr;
    WheelTimer* _next = nullptr;
    std::int64_t _deadline = 0;
};

/// A hashed timer wheel with 1 ms resolution: every connection's heartbeat
/// lives here, and the whole wheel needs one timer on the event loop (armed for
/// nextDue()), so 10,000 connections cost no thread and no timer system call
/// each, and a timer fires within the loop's own latency of its deadline
/// instead of on a coarse sweep. A deadline further out than one turn of the
/// wheel stays in its slot and is passed over until its turn comes.
/// Not thread-safe: its owner's lock guards it. Times are milliseconds on any
/// monotonic clock the caller chooses.
class TimerWheel {
public:
    /// `slots` is rounded up to a power of two (at least 64): one turn covers
    /// that many milliseconds.
    explicit TimerWheel(std::int64_t now, std::size_t slots = 1u << 16);
    ~TimerWheel();
    TimerWheel(const TimerWheel&) = delete;
    TimerWheel& operator=(const TimerWheel&) = delete;

    /// (Re)schedules `timer` to fire at `deadline`; a deadline already passed
    /// fires at the next advance().
    void schedule(WheelTimer& timer, std::int64_t deadline);
    void cancel(WheelTimer& timer);

    /// Fires, in deadline order (ties in scheduling order), every timer due by
    /// `now`. A fired timer is unscheduled before `fire` runs, which may
    /// schedule or cancel any timer, the firing one included.
    void advance(std::int64_t now, const std::function<void(WheelTimer&)>& fire);

    /// When the earliest slot holding a timer comes due (a timer a turn or
    /// more away makes it come earlier than that timer: the caller just wakes,
    /// advances and asks again); nullopt when nothing is scheduled.
    std::optional<std::int64_t> nextDue() const;

    std::size_t size() const { return _size; }
    std::int64_t now() const { return _now; }

private:
    void link(WheelTimer::List& list, WheelTimer& timer);
    void unlink(WheelTimer& timer);
    std::size_t slotOf(std::int64_t time) const { return static_cast<std::size_t>(time) & _mask; }
    void markOccupied(std::size_t slot, bool occupied);
    /// The first occupied slot at or after `from` within one turn, as a time.
    std::optional<std::int64_t> firstOccupied(std::int64_t from) const;
    void fireSlot(std::size_t slot, std::int64_t upTo, const std::function<void(WheelTimer&)>& fire);

    std::vector<WheelTimer::List> _slots;
    std::vector<std::uint64_t> _occupied;  ///< one bit per slot, so nextDue skips empty stretches 64 at a time
    std::size_t _mask;
    std::int64_t _now;  ///< every slot up to here has been fired
    std::size_t _size = 0;
};

struct WheelTimer::List {
    WheelTimer* head = nullptr;
    WheelTimer* tail = nullptr;
};

}  // namespace sockstream::chat
