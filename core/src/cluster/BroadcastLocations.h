#pragma once

#include <string>

namespace sockstream::core {

/// What the rooms need from the cluster: tell it about this server's
/// broadcasts and ask about the others'. Absent on a single server.
class BroadcastLocations {
public:
    virtual ~BroadcastLocations() = default;
    virtual void broadcastStarted(const std::string& roomId) = 0;
    virtual void broadcastEnded(const std::string& roomId) = 0;
    virtual bool liveElsewhere(const std::string& roomId) const = 0;
};

}  // namespace sockstream::core
