#pragma once

namespace sockstream::core {

/// A connection the server can ask to end (shutdown, plugin unload).
class Closable {
public:
    virtual ~Closable() = default;
    /// Any thread; the connection ends on its own strand and then reports to its tracker.
    virtual void shutdown() = 0;
};

}  // namespace sockstream::core
