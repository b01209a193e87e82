#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "logic/RateLimiter.h"

namespace sockstream::chat {

/// Limits on the chat events a client may send (room:join, room:leave,
/// chat:delete, chat:mute, plugins' events; chat:send has its own per user): each costs the server work (a join reads the
/// room's history), so one connection gets `perSocket` events per window and
/// one address `perAddress` across all its connections. IPv6 addresses count
/// by /64, the block one subscriber usually holds. A connection that goes on
/// sending after kIgnoredFactor x perSocket refusals in a row ignores its
/// answers: Ignored tells the owner to close it, since even a refusal costs a
/// write. Not thread-safe; the owner serialises calls.
class EventLimits {
public:
    enum class Verdict { Allowed, SocketLimited, AddressLimited, Ignored };
    static constexpr std::size_t kIgnoredFactor = 10;

    EventLimits(std::size_t perSocket, std::size_t perAddress, std::int64_t windowMs)
        : _sockets(perSocket, windowMs), _addresses(perAddress, windowMs), _ignoredAfter(perSocket * kIgnoredFactor) {}

    /// Records one event of connection `socketKey` from `address` at `nowMs`, or refuses it.
    Verdict admit(const std::string& socketKey, std::string_view address, std::int64_t nowMs);
    /// Forgets connections and addresses idle for a window.
    void prune(std::int64_t nowMs);

    /// The key an address counts under: IPv4 as it is (also when IPv4-mapped),
    /// IPv6 as its /64 ("2001:db8:1:2::/64"); anything unparsable as itself
    /// (lib::ratelimit::addressKey, shared with auth-password).
    static std::string addressKey(std::string_view address);

private:
    Verdict refuse(const std::string& socketKey, Verdict verdict);

    RateLimiter _sockets;
    RateLimiter _addresses;
    std::size_t _ignoredAfter;
    std::unordered_map<std::string, std::size_t> _refusedInRow;  ///< per connection, until it is admitted again
};

}  // namespace sockstream::chat
