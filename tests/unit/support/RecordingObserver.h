#pragma once

#include <string>

#include "RecordedLines.h"
#include "sockstream/media/MediaBus.h"

namespace sockstream::test {

/// Writes every media bus callback as one line, e.g. "opened room-1 b-1 resumed=0".
class RecordingObserver : public MediaObserver, public RecordedLines {
public:
    void onStreamOpened(const StreamInfo& info, bool resumed) override {
        add("opened " + info.roomId + " " + info.broadcastId + " resumed=" + (resumed ? "1" : "0"));
    }
    void onTracksChanged(const StreamInfo& info) override {
        add("tracks " + info.roomId + " " + std::to_string(info.tracks.size()));
    }
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override {
        add("packet " + info.roomId + " " + std::to_string(packet.dts.milliseconds()));
    }
    void onStreamInterrupted(const StreamInfo& info) override { add("interrupted " + info.roomId); }
    void onStreamClosed(const StreamInfo& info) override { add("closed " + info.roomId); }
};

}  // namespace sockstream::test
