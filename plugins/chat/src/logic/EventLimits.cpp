#include "logic/EventLimits.h"

#include "sockstream-ratelimit/AddressKey.h"

namespace sockstream::chat {

EventLimits::Verdict EventLimits::admit(const std::string& socketKey, std::string_view address, std::int64_t nowMs) {
    // The connection first: a flooding connection spends its own budget, not
    // its neighbours' behind the same address.
    if (!_sockets.tryAcquire(socketKey, nowMs)) return refuse(socketKey, Verdict::SocketLimited);
    if (!_addresses.tryAcquire(addressKey(address), nowMs)) return refuse(socketKey, Verdict::AddressLimited);
    _refusedInRow.erase(socketKey);
    return Verdict::Allowed;
}

EventLimits::Verdict EventLimits::refuse(const std::string& socketKey, Verdict verdict) {
    return ++_refusedInRow[socketKey] > _ignoredAfter ? Verdict::Ignored : verdict;
}

void EventLimits::prune(std::int64_t nowMs) {
    _sockets.prune(nowMs);
    _addresses.prune(nowMs);
    // Closed connections leave their counts here; a live one starts afresh.
    _refusedInRow.clear();
}

std::string EventLimits::addressKey(std::string_view address) { return lib::ratelimit::addressKey(address); }

}  // namespace sockstream::chat
