#include "logic/RoomOutbox.h"

#include <algorithm>

namespace sockstream::chat {

FanOutPacing::Clock::duration FanOutPacing::spacing(std::size_t members) const {
    if (writesPerSecond <= 0) return Clock::duration::zero();
    const auto perMember = std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(1)) / writesPerSecond;
    return std::min<Clock::duration>(perMember * static_cast<std::int64_t>(members), maxDelay);
}

RoomOutbox::Offer RoomOutbox::offer(Message message, Clock::duration spacing, Clock::time_point now) {
    if (_held.empty() && (!_lastFlush || now - *_lastFlush >= spacing)) {
        _lastFlush = now;
        return Offer{true, std::nullopt};
    }
    _held.push_back(std::move(message));
    if (_held.size() > 1) return Offer{};
    // The first to wait: the flush is due one spacing after the last one.
    return Offer{false, std::max(*_lastFlush + spacing - now, Clock::duration::zero())};
}

std::vector<RoomOutbox::Message> RoomOutbox::take(Clock::time_point now) {
    std::vector<Message> held;
    held.swap(_held);
    if (!held.empty()) _lastFlush = now;
    return held;
}

}  // namespace sockstream::chat
