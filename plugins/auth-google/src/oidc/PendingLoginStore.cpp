#include "oidc/PendingLoginStore.h"

#include "oidc/SecureRandom.h"

namespace sockstream::authgoogle {

PendingLoginStore::PendingLoginStore(std::chrono::seconds ttl, std::size_t capacity)
    : _ttl(ttl), _capacity(capacity == 0 ? 1 : capacity) {}

std::string PendingLoginStore::add(PendingLogin login, Clock::time_point now) {
    std::string handle = SecureRandom::token(32);
    login.createdAt = now;
    std::lock_guard lock(_mutex);
    purgeExpired(now);
    while (_logins.size() >= _capacity && !_order.empty()) {
        _logins.erase(_order.front());
        _order.pop_front();
    }
    _logins.emplace(handle, std::move(login));
    _order.push_back(handle);
    return handle;
}

std::optional<PendingLogin> PendingLoginStore::take(const std::string& handle, Clock::time_point now) {
    std::lock_guard lock(_mutex);
    purgeExpired(now);
    auto it = _logins.find(handle);
    if (it == _logins.end()) return std::nullopt;
    PendingLogin login = std::move(it->second);
    _logins.erase(it);
    if (now - login.createdAt >= _ttl) return std::nullopt;
    return login;
}

std::size_t PendingLoginStore::size() const {
    std::lock_guard lock(_mutex);
    return _logins.size();
}

void PendingLoginStore::purgeExpired(Clock::time_point now) {
    while (!_order.empty()) {
        auto it = _logins.find(_order.front());
        if (it != _logins.end() && now - it->second.createdAt < _ttl) break;
        if (it != _logins.end()) _logins.erase(it);
        _order.pop_front();
    }
}

}  // namespace sockstream::authgoogle
