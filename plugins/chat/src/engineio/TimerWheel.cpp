#include "engineio/TimerWheel.h"

#include <algorithm>
#include <functional>

namespace sockstream::chat {

WheelTimer::~WheelTimer() {
    if (_wheel && _list) _wheel->cancel(*this);
}

namespace {

std::size_t roundUpToPowerOfTwo(std::size_t n) {
    std::size_t p = 64;
    while (p < n) p <<= 1;
    return p;
}

}  // namespace

TimerWheel::TimerWheel(std::int64_t now, std::size_t slots)
    : _slots(roundUpToPowerOfTwo(slots)), _occupied(_slots.size() / 64, 0), _mask(_slots.size() - 1), _now(now) {}

TimerWheel::~TimerWheel() {
    // Timers that outlive the wheel must not reach back into it.
    for (auto& list : _slots)
        for (WheelTimer* t = list.head; t;) {
            WheelTimer* next = t->_next;
            t->_list = nullptr;
            t->_wheel = nullptr;
            t->_prev = t->_next = nullptr;
            t = next;
        }
}

void TimerWheel::link(WheelTimer::List& list, WheelTimer& timer) {
    timer._list = &list;
    timer._prev = list.tail;
    timer._next = nullptr;
    if (list.tail) list.tail->_next = &timer;
    else list.head = &timer;
    list.tail = &timer;
}

void TimerWheel::unlink(WheelTimer& timer) {
    WheelTimer::List& list = *timer._list;
    if (timer._prev) timer._prev->_next = timer._next;
    else list.head = timer._next;
    if (timer._next) timer._next->_prev = timer._prev;
    else list.tail = timer._prev;
    timer._prev = timer._next = nullptr;
    timer._list = nullptr;
    // Only the wheel's own slots have bits; a firing list lives on a stack.
    const std::less<const WheelTimer::List*> before;
    if (!list.head && !before(&list, _slots.data()) && before(&list, _slots.data() + _slots.size()))
        markOccupied(static_cast<std::size_t>(&list - _slots.data()), false);
}

void TimerWheel::markOccupied(std::size_t slot, bool occupied) {
    const std::uint64_t bit = std::uint64_t{1} << (slot % 64);
    if (occupied) _occupied[slot / 64] |= bit;
    else _occupied[slot / 64] &= ~bit;
}

void TimerWheel::schedule(WheelTimer& timer, std::int64_t deadline) {
    if (timer._list) cancel(timer);
    timer._wheel = this;
    timer._deadline = deadline;
    // A deadline already passed goes to the next slot to fire.
    const std::size_t slot = slotOf(std::max(deadline, _now + 1));
    link(_slots[slot], timer);
    markOccupied(slot, true);
    ++_size;
}

void TimerWheel::cancel(WheelTimer& timer) {
    if (!timer._list || timer._wheel != this) return;
    unlink(timer);
    --_size;
}

std::optional<std::int64_t> TimerWheel::firstOccupied(std::int64_t from) const {
    const std::size_t slots = _slots.size();
    std::size_t offset = 0;  // slots after `from` already looked at
    while (offset < slots) {
        const std::size_t slot = slotOf(from + static_cast<std::int64_t>(offset));
        const std::uint64_t word = _occupied[slot / 64] >> (slot % 64);
        if (word) return from + static_cast<std::int64_t>(offset) + __builtin_ctzll(word);
        offset += 64 - slot % 64;  // the rest of this word is empty
    }
    return std::nullopt;
}

std::optional<std::int64_t> TimerWheel::nextDue() const {
    if (_size == 0) return std::nullopt;
    return firstOccupied(_now + 1);
}

void TimerWheel::fireSlot(std::size_t slot, std::int64_t upTo, const std::function<void(WheelTimer&)>& fire) {
    // Due timers move to a list of their own first: `fire` may schedule into
    // this very slot, and those must wait for their own turn.
    WheelTimer::List firing;
    for (WheelTimer* t = _slots[slot].head; t;) {
        WheelTimer* next = t->_next;
        if (t->_deadline <= upTo) {
            unlink(*t);
            link(firing, *t);
        }
        t = next;
    }
    while (firing.head) {
        WheelTimer& timer = *firing.head;
        unlink(timer);
        --_size;
        fire(timer);
    }
}

void TimerWheel::advance(std::int64_t now, const std::function<void(WheelTimer&)>& fire) {
    if (now <= _now) return;
    const auto turn = static_cast<std::int64_t>(_slots.size());
    // Later than a whole turn: every slot once is enough (each is visited at
    // its last time <= now, so all its due timers fire).
    std::int64_t t = std::max(_now + 1, now - turn + 1);
    while (t <= now) {
        auto next = firstOccupied(t);
        if (!next || *next > now) break;
        t = *next;
        _now = t;  // what fire() schedules at or before t goes to the next slot
        fireSlot(slotOf(t), t, fire);
        ++t;
    }
    _now = now;
}

}  // namespace sockstream::chat
