#pragma once

#include <string>

#include "RecordedLines.h"
#include "media/BroadcastListener.h"

namespace sockstream::test {

/// Records what the media bus tells the owner of rooms and keys.
class RecordingBroadcastListener : public core::BroadcastListener, public RecordedLines {
public:
    bool refuseOpen = false;  ///< answer broadcastOpening with false (a revoked key)
    bool broadcastOpening(const PublishGrant&) override { return !refuseOpen; }
    void broadcastOpened(const PublishGrant& grant, bool resumed) override {
        add("opened " + grant.broadcastId + " resumed=" + (resumed ? "1" : "0"));
    }
    void broadcastInterrupted(const PublishGrant& grant) override { add("interrupted " + grant.broadcastId); }
    void broadcastFinished(const PublishGrant& grant, const std::string& reason) override {
        add("finished " + grant.broadcastId + (reason == "ended" ? "" : " " + reason));
    }
    void broadcastSuspended(const PublishGrant& grant) override { add("suspended " + grant.broadcastId); }
};

}  // namespace sockstream::test
