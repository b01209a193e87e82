#include "logic/EventLimits.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>

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

std::string EventLimits::addressKey(std::string_view address) {
    std::string text(address);
    if (!text.empty() && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    char out[INET6_ADDRSTRLEN] = {};
    if (std::memcmp(bytes.data(), kMapped, sizeof kMapped) == 0) {
        inet_ntop(AF_INET, bytes.data() + 12, out, sizeof out);
        return out;
    }
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    inet_ntop(AF_INET6, bytes.data(), out, sizeof out);
    return std::string(out) + "/64";
}

}  // namespace sockstream::chat
