#include "connections/PerAddressLimiter.h"

#include "connections/AddressGroup.h"

namespace sockstream::core {

PerAddressLimiter::Slot::Slot(Slot&& other) noexcept
    : _limiter(std::move(other._limiter)), _key(std::move(other._key)), _admitted(other._admitted) {
    other._admitted = false;
}

PerAddressLimiter::Slot& PerAddressLimiter::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        release();
        _limiter = std::move(other._limiter);
        _key = std::move(other._key);
        _admitted = other._admitted;
        other._admitted = false;
    }
    return *this;
}

void PerAddressLimiter::Slot::release() {
    if (_admitted && _limiter) _limiter->release(_key);
    _admitted = false;
    _limiter.reset();
}

PerAddressLimiter::PerAddressLimiter(std::string kind, PerAddressPolicy policy, Metrics& metrics, Poco::Logger& logger)
    : _kind(std::move(kind)),
      _policy(std::move(policy)),
      _refused(metrics.counter("connections_refused_total", "Connections refused at accept, by kind and reason",
                               {{"kind", _kind}, {"reason", "per_address"}})),
      _capReached(metrics.counter("connection_address_cap_reached_total",
                                  "Times an address reached its connection cap (logged once each), by kind",
                                  {{"kind", _kind}})),
      _addresses(metrics.gauge("connection_addresses", "Client addresses (IPv6: /64) with open connections, by kind",
                               {{"kind", _kind}})),
      _logger(logger) {}

PerAddressLimiter::Slot PerAddressLimiter::tryAcquire(const boost::asio::ip::address& address) {
    Slot slot;
    if (_policy.maxPerAddress == 0 || _policy.exempt.contains(address)) {
        slot._admitted = true;  // not counted: nothing to give back
        return slot;
    }
    std::string key = addressGroup(address);
    bool report = false;
    {
        std::lock_guard lock(_mutex);
        auto [it, inserted] = _open.try_emplace(key, 0);
        if (inserted) _addresses.add(1);
        if (it->second < _policy.maxPerAddress) {
            ++it->second;
            slot._admitted = true;
            slot._limiter = shared_from_this();
            slot._key = std::move(key);
            return slot;
        }
        report = shouldReport(key);
    }
    _refused.increment();
    if (report) {
        _capReached.increment();
        _logger.warning("%s: %s holds %z connections, the most one address may open (%s); further connections "
                        "from it are refused until some close",
                        _kind, key, _policy.maxPerAddress, _policy.settingName);
    }
    return slot;
}

bool PerAddressLimiter::shouldReport(const std::string& key) {
    const auto now = Clock::now();
    // Forget old reports before the map can grow with an attacker's addresses.
    if (_reported.size() >= 4096)
        for (auto it = _reported.begin(); it != _reported.end();)
            it = now - it->second >= _policy.reportInterval ? _reported.erase(it) : std::next(it);
    auto [it, inserted] = _reported.try_emplace(key, now);
    if (inserted) return true;
    if (now - it->second < _policy.reportInterval) return false;
    it->second = now;
    return true;
}

void PerAddressLimiter::release(const std::string& key) {
    std::lock_guard lock(_mutex);
    auto it = _open.find(key);
    if (it == _open.end()) return;
    if (it->second > 0) --it->second;
    if (it->second == 0) {
        _open.erase(it);
        _addresses.add(-1);
    }
}

std::size_t PerAddressLimiter::countFor(const boost::asio::ip::address& address) const {
    std::lock_guard lock(_mutex);
    auto it = _open.find(addressGroup(address));
    return it == _open.end() ? 0 : it->second;
}

std::size_t PerAddressLimiter::addresses() const {
    std::lock_guard lock(_mutex);
    return _open.size();
}

}  // namespace sockstream::core
