#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "media/BroadcastListener.h"

namespace sockstream::test {

/// Records what the media bus tells the owner of rooms and keys.
class RecordingBroadcastListener : public core::BroadcastListener {
public:
    void broadcastOpened(const PublishGrant& grant, bool resumed) override {
        add("opened " + grant.broadcastId + " resumed=" + (resumed ? "1" : "0"));
    }
    void broadcastInterrupted(const PublishGrant& grant) override { add("interrupted " + grant.broadcastId); }
    void broadcastFinished(const PublishGrant& grant) override { add("finished " + grant.broadcastId); }
    void broadcastSuspended(const PublishGrant& grant) override { add("suspended " + grant.broadcastId); }

    std::vector<std::string> events() const {
        std::lock_guard lock(_mutex);
        return _events;
    }

private:
    void add(std::string line) {
        std::lock_guard lock(_mutex);
        _events.push_back(std::move(line));
    }
    mutable std::mutex _mutex;
    std::vector<std::string> _events;
};

}  // namespace sockstream::test
