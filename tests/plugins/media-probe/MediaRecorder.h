#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "sockstream/media/MediaBus.h"

namespace sockstream::test {

/// Counts what every live stream delivers on the media bus, per room.
class MediaRecorder : public MediaObserver {
public:
    void onStreamOpened(const StreamInfo& info, bool resumed) override;
    void onTracksChanged(const StreamInfo& info) override;
    void onPacket(const StreamInfo& info, const MediaPacket& packet) override;
    void onStreamInterrupted(const StreamInfo& info) override;
    void onStreamClosed(const StreamInfo& info) override;

    /// The room's record as JSON, or null when nothing was seen for it.
    Poco::JSON::Object::Ptr report(const std::string& roomId) const;
    std::vector<std::string> rooms() const;

private:
    struct TrackStats {
        std::int64_t count = 0;
        std::int64_t keyframes = 0;
        std::int64_t firstDts = 0;
        std::int64_t lastDts = 0;
        std::int64_t nonMonotonic = 0;
        std::int64_t ptsBeforeDts = 0;
        std::int64_t badNalFraming = 0;
        std::int64_t bytes = 0;
    };
    struct RoomRecord {
        int opened = 0;
        int resumedCount = 0;
        int closed = 0;
        int interrupted = 0;
        int tracksChanged = 0;
        bool live = false;
        std::string broadcastId;
        std::string encoder;
        std::vector<TrackInfo> tracks;
        std::map<int, TrackStats> packets;
    };

    mutable std::mutex _mutex;
    std::map<std::string, RoomRecord> _rooms;
};

}  // namespace sockstream::test
