#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "sockstream/media/MediaBus.h"

namespace sockstream::test {

/// Writes every media bus callback as one line, e.g. "opened room-1 b-1 resumed=0".
class RecordingObserver : public MediaObserver {
public:
    void onStreamOpened(const StreamInfo& info, bool resumed) override {
        add("opened " + info.roomId + " " + info.broadcastId + " resumed=" + (resumed ? "1" : "0"));
    }
    void onTracksChanged(const StreamInfo& info) override {
        add("tracks " + info.roomId + " " + std::to_string(info.tracks.size()));
    }
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override {
        add("packet " + info.roomId + " " + std::to_string(packet.dts));
    }
    void onStreamInterrupted(const StreamInfo& info) override { add("interrupted " + info.roomId); }
    void onStreamClosed(const StreamInfo& info) override { add("closed " + info.roomId); }

    std::vector<std::string> events() const {
        std::lock_guard lock(_mutex);
        return _events;
    }
    void clear() {
        std::lock_guard lock(_mutex);
        _events.clear();
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
