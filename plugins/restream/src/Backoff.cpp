#include "Backoff.h"

#include <algorithm>

namespace sockstream::restream {

Backoff::Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, std::chrono::milliseconds stableAfter)
    : _min(std::max(min, std::chrono::milliseconds(1))), _max(std::max(max, _min)), _stableAfter(stableAfter), _current(_min) {}

std::chrono::milliseconds Backoff::next() {
    const auto delay = _current;
    _current = std::min(_max, _current * 2);
    ++_attempts;
    return delay;
}

void Backoff::connectionEnded(std::chrono::milliseconds uptime) {
    if (uptime >= _stableAfter) reset();
}

}  // namespace sockstream::restream
