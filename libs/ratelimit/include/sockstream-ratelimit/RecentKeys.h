#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sockstream::lib::ratelimit {

/// Per-key state for keys that come from requests (addresses, emails), with
/// memory bounded for the limiters: a key is cut to `maxKeyBytes`, and at most
/// `maxKeys` are kept, the least recently used forgotten first (its state is
/// the oldest, the likeliest to have expired). Not thread-safe: the owner locks.
template <typename Value>
class RecentKeys {
public:
    RecentKeys(std::size_t maxKeys, std::size_t maxKeyBytes) : _maxKeys(maxKeys), _maxKeyBytes(maxKeyBytes) {}

    /// The key's value (a new Value{} for a new key), now the most recently used.
    Value& use(std::string_view rawKey) {
        const std::string key(rawKey.substr(0, _maxKeyBytes));
        auto found = _slots.find(key);
        if (found == _slots.end()) {
            while (!_byRecency.empty() && _slots.size() >= _maxKeys) {
                _slots.erase(_byRecency.back());
                _byRecency.pop_back();
            }
            _byRecency.push_front(key);
            found = _slots.emplace(key, Slot{Value{}, _byRecency.begin()}).first;
        } else {
            _byRecency.splice(_byRecency.begin(), _byRecency, found->second.recency);
        }
        return found->second.value;
    }

    /// The key's value without touching its recency; nullptr when unknown.
    Value* find(std::string_view rawKey) {
        auto found = _slots.find(std::string(rawKey.substr(0, _maxKeyBytes)));
        return found == _slots.end() ? nullptr : &found->second.value;
    }

    void erase(std::string_view rawKey) {
        auto found = _slots.find(std::string(rawKey.substr(0, _maxKeyBytes)));
        if (found == _slots.end()) return;
        _byRecency.erase(found->second.recency);
        _slots.erase(found);
    }

    /// Forgets keys from the least recently used end while `idle(value)` says
    /// so, stopping at the first key still in use: cheap, and enough to return
    /// memory after a burst of one-off keys. Returns how many were forgotten.
    template <typename Idle>
    std::size_t pruneIdle(Idle idle) {
        std::size_t removed = 0;
        while (!_byRecency.empty()) {
            auto found = _slots.find(_byRecency.back());
            if (!idle(found->second.value)) break;
            _slots.erase(found);
            _byRecency.pop_back();
            ++removed;
        }
        return removed;
    }

    std::size_t size() const { return _slots.size(); }

private:
    struct Slot {
        Value value;
        std::list<std::string>::iterator recency;
    };

    const std::size_t _maxKeys;
    const std::size_t _maxKeyBytes;
    std::unordered_map<std::string, Slot> _slots;
    std::list<std::string> _byRecency;  ///< most recently used first
};

}  // namespace sockstream::lib::ratelimit
