#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sockstream::chat {

/// How far apart a room's flushes are kept. Each broadcast costs one socket
/// write per member, and those writes are most of the chat's CPU; so a room
/// keeps its writes under `writesPerSecond` by spacing its flushes members /
/// writesPerSecond apart (at most maxDelay). Small rooms flush every message
/// at once in practice (100 members at 25,000 writes a second: 4 ms apart);
/// a room of 1,000 flushes at most 25 times a second, each flush carrying
/// every message of the last 40 ms in one write per member.
struct FanOutPacing {
    using Clock = std::chrono::steady_clock;

    std::int64_t writesPerSecond = 0;  ///< 0: no pacing, every message goes at once
    std::chrono::milliseconds maxDelay{0};

    Clock::duration spacing(std::size_t members) const;
};

/// One room's broadcasts under a FanOutPacing: a broadcast that comes sooner
/// than the spacing after the last flush waits for the next flush and shares
/// its writes with the others waiting. Not thread-safe: the owner serialises
/// calls.
class RoomOutbox {
public:
    using Clock = FanOutPacing::Clock;
    using Message = std::shared_ptr<const std::string>;

    struct Offer {
        bool sendNow = false;  ///< send this message now (nothing was waiting)
        /// Held: arm a timer to flush after this long (only the first message held
        /// gets one; those after it ride on the same flush).
        std::optional<Clock::duration> flushIn;
    };
    /// A broadcast at `now`, `spacing` being the room's current FanOutPacing::spacing.
    Offer offer(Message message, Clock::duration spacing, Clock::time_point now);
    /// The messages held, oldest first, to send now; the room counts a flush at `now`.
    std::vector<Message> take(Clock::time_point now);
    bool holding() const { return !_held.empty(); }

private:
    std::vector<Message> _held;
    std::optional<Clock::time_point> _lastFlush;
};

}  // namespace sockstream::chat
