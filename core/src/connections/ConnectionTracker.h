#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "connections/Closable.h"

namespace sockstream::core {

/// The open connections of one server or listener, so closing it can end them
/// all and wait until their handlers have heard onClose.
class ConnectionTracker {
public:
    void add(const std::shared_ptr<Closable>& connection);
    void remove(const Closable* connection);
    std::size_t size() const;
    /// Asks every connection to close, then waits up to `wait` for all to finish.
    /// Pass zero from an I/O thread (the connections finish on those threads).
    void closeAll(std::chrono::milliseconds wait);

private:
    mutable std::mutex _mutex;
    std::condition_variable _empty;
    std::unordered_map<const Closable*, std::weak_ptr<Closable>> _open;
};

}  // namespace sockstream::core
