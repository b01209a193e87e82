#pragma once

#include <string>
#include <vector>

#include "SessionEvents.h"

namespace sockstream::rtmp::test {

/// Records what a session or assembler asks of its surroundings.
class RecordingEvents : public SessionEvents {
public:
    std::string sent;
    std::vector<std::string> publishRequests;
    int opened = 0;
    std::vector<TrackInfo> openedTracks;
    std::string encoder;
    std::vector<std::vector<TrackInfo>> trackUpdates;
    std::vector<MediaPacket> packets;
    int unpublishedCount = 0;
    std::vector<std::string> closeReasons;

    void sendBytes(std::string bytes) override { sent += bytes; }
    void publishRequested(const std::string& key) override { publishRequests.push_back(key); }
    void openStream(std::vector<TrackInfo> tracks, const std::string& name) override {
        ++opened;
        openedTracks = std::move(tracks);
        encoder = name;
    }
    void updateTracks(std::vector<TrackInfo> tracks) override { trackUpdates.push_back(std::move(tracks)); }
    void pushPacket(const MediaPacket& packet) override { packets.push_back(packet); }
    void unpublished() override { ++unpublishedCount; }
    void closeRequested(const std::string& why) override { closeReasons.push_back(why); }
};

}  // namespace sockstream::rtmp::test
