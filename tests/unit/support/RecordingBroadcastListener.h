#pragma once

#include <string>

#include "RecordedLines.h"
#include "media/BroadcastListener.h"

namespace sockstream::test {

/// Records what the media bus tells the owner of rooms and keys.
class RecordingBroadcastListener : public core::BroadcastListener, public RecordedLines {
public:
    void broadcastOpened(const PublishGrant& grant, bool resumed) override {
        add("opened " + grant.broadcastId + " resumed=" + (resumed ? "1" : "0"));
    }
    void broadcastInterrupted(const PublishGrant& grant) override { add("interrupted " + grant.broadcastId); }
    void broadcastFinished(const PublishGrant& grant) override { add("finished " + grant.broadcastId); }
    void broadcastSuspended(const PublishGrant& grant) override { add("suspended " + grant.broadcastId); }
};

}  // namespace sockstream::test
