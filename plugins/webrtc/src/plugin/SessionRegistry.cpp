#include "SessionRegistry.h"

namespace sockstream::webrtc {

std::optional<SessionRegistry::Refusal> SessionRegistry::add(Entry entry) {
    std::lock_guard lock(_mutex);
    if (_entries.size() >= _limits.maxSessions) return Refusal::Full;
    auto& fromAddress = _perAddress[entry.clientAddress];
    if (fromAddress >= _limits.maxSessionsPerAddress) {
        if (fromAddress == 0) _perAddress.erase(entry.clientAddress);
        return Refusal::TooManyFromAddress;
    }
    ++fromAddress;
    entry.lastHeard = entry.createdAt;
    const std::string id = entry.id;
    _entries[id] = std::move(entry);
    return std::nullopt;
}

std::shared_ptr<WhepSession> SessionRegistry::find(const std::string& id) const {
    std::lock_guard lock(_mutex);
    const auto found = _entries.find(id);
    return found == _entries.end() ? nullptr : found->second.session;
}

std::optional<SessionRegistry::Entry> SessionRegistry::findInRoom(const std::string& id,
                                                                  const std::string& roomId) const {
    std::lock_guard lock(_mutex);
    const auto found = _entries.find(id);
    if (found == _entries.end() || found->second.roomId != roomId) return std::nullopt;
    return found->second;
}

void SessionRegistry::forget(const Entry& entry) {
    const auto count = _perAddress.find(entry.clientAddress);
    if (count != _perAddress.end() && --count->second == 0) _perAddress.erase(count);
}

std::optional<SessionRegistry::Entry> SessionRegistry::remove(const std::string& id) {
    std::lock_guard lock(_mutex);
    const auto found = _entries.find(id);
    if (found == _entries.end()) return std::nullopt;
    Entry entry = std::move(found->second);
    _entries.erase(found);
    forget(entry);
    return entry;
}

std::vector<SessionRegistry::Entry> SessionRegistry::removeRoom(const std::string& roomId, Role role) {
    std::lock_guard lock(_mutex);
    std::vector<Entry> removed;
    for (auto it = _entries.begin(); it != _entries.end();) {
        if (it->second.roomId != roomId || it->second.role != role) {
            ++it;
            continue;
        }
        forget(it->second);
        removed.push_back(std::move(it->second));
        it = _entries.erase(it);
    }
    return removed;
}

std::vector<SessionRegistry::Entry> SessionRegistry::removeAll() {
    std::lock_guard lock(_mutex);
    std::vector<Entry> removed;
    for (auto& [id, entry] : _entries) removed.push_back(std::move(entry));
    _entries.clear();
    _perAddress.clear();
    return removed;
}

void SessionRegistry::markConnected(const std::string& id, Clock::time_point now) {
    std::lock_guard lock(_mutex);
    const auto found = _entries.find(id);
    if (found == _entries.end()) return;
    if (!found->second.connectedAt) found->second.connectedAt = now;
    found->second.lastHeard = now;
}

void SessionRegistry::markHeard(const std::string& id, Clock::time_point now) {
    std::lock_guard lock(_mutex);
    const auto found = _entries.find(id);
    if (found != _entries.end()) found->second.lastHeard = now;
}

std::vector<SessionRegistry::Expired> SessionRegistry::sweep(Clock::time_point now) {
    std::lock_guard lock(_mutex);
    std::vector<Expired> expired;
    for (auto it = _entries.begin(); it != _entries.end();) {
        const Entry& entry = it->second;
        std::string why;
        if (!entry.connectedAt && now - entry.createdAt >= _limits.connectTimeout)
            why = "ICE and DTLS did not complete within the connect timeout";
        else if (entry.connectedAt && now - entry.lastHeard >= _limits.idleTimeout)
            why = entry.role == Role::Publisher
                      ? "the publisher sent no media, STUN consent check nor RTCP within the idle timeout"
                      : "the viewer sent no STUN consent check nor RTCP within the idle timeout";
        if (why.empty()) {
            ++it;
            continue;
        }
        forget(entry);
        expired.push_back({std::move(it->second), std::move(why)});
        it = _entries.erase(it);
    }
    return expired;
}

std::vector<std::shared_ptr<WhepSession>> SessionRegistry::sessions() const {
    std::lock_guard lock(_mutex);
    std::vector<std::shared_ptr<WhepSession>> all;
    all.reserve(_entries.size());
    for (const auto& [id, entry] : _entries)
        if (entry.session) all.push_back(entry.session);
    return all;
}

std::size_t SessionRegistry::size() const {
    std::lock_guard lock(_mutex);
    return _entries.size();
}

std::size_t SessionRegistry::countFromAddress(const std::string& clientAddress) const {
    std::lock_guard lock(_mutex);
    const auto found = _perAddress.find(clientAddress);
    return found == _perAddress.end() ? 0 : found->second;
}

}  // namespace sockstream::webrtc
