#pragma once

#include <string>
#include <vector>

#include "Segmenter.h"
#include "Timeline.h"

namespace sockstream::hls::test {

inline std::string bytesOf(const MediaBytes& bytes) { return std::string(bytes->view()); }

/// A Segmenter publishing straight into a Timeline, as the plugin does under
/// its lock (LiveStream: two segments list their parts, players start at
/// least the part hold-back behind the live edge).
struct SegmenterHarness {
    SegmenterHarness(const SegmenterSettings& settings, const std::vector<TrackInfo>& tracks, std::size_t window = 6)
        : timeline(Segmenter::chooseContainer(settings, tracks), window, 2,
                   settings.lowLatency ? partHoldBackMs(settings.partTargetMs) : 0),
          segmenter(settings, [this](const auto& change) { change(timeline); },
                    [this](const std::string& warning) { warnings.push_back(warning); }) {
        segmenter.setTracks(tracks);
    }

    void push(const std::vector<MediaPacket>& packets) {
        for (const auto& packet : packets) segmenter.push(packet);
    }

    std::vector<const SegmentRecord*> completeSegments() const {
        std::vector<const SegmentRecord*> complete;
        for (const auto& segment : timeline.segments())
            if (segment.complete) complete.push_back(&segment);
        return complete;
    }

    Timeline timeline;
    std::vector<std::string> warnings;
    Segmenter segmenter;
};

}  // namespace sockstream::hls::test
