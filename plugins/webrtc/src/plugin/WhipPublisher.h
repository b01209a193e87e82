#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <Poco/Logger.h>

#include "Datagram.h"
#include "H264Depacketizer.h"
#include "OpusToAac.h"
#include "RtcpPackets.h"
#include "RtpReceiveStatistics.h"
#include "Vp8Depacketizer.h"
#include "Vp8TranscodeWorker.h"
#include "WhepSession.h"
#include "WhipTimeline.h"
#include "sockstream/media/MediaBus.h"

namespace sockstream::webrtc {

/// One WHIP publisher's media on its way to the media bus: its SRTP (already
/// decrypted) is depacketized (H.264, RFC 6184) into access units and its
/// Opus transcoded to AAC for the HLS packager, both placed on one timeline
/// (WhipTimeline), and published under the stream key's grant like any other
/// ingest, so LL-HLS, thumbnails, stream health and WHEP viewers work as with
/// RTMP. The broadcast opens at the first IDR with SPS and PPS. tick() sends
/// the publisher what a receiver owes it: receiver reports, NACKs for missing
/// packets and keyframe requests (PLI) after a loss and every
/// `keyframeInterval`, since browsers send keyframes only when asked and HLS
/// segments start at keyframes. A browser that offers only VP8 publishes VP8
/// (RFC 7741), which is depacketized here and transcoded to H.264 on a thread
/// of its own (Vp8TranscodeWorker), so the bus and everything downstream see
/// H.264 as from any other WHIP publisher. Thread-safe: the UDP loop feeds it,
/// a timer ticks it.
class WhipPublisher {
public:
    using Clock = std::chrono::steady_clock;

    struct Setup {
        PublishGrant grant;
        std::string encoder;                  ///< for the stream's health, e.g. the browser's User-Agent
        std::optional<int> videoPayloadType;  ///< as the answer agreed
        bool videoIsVp8 = false;              ///< the answer agreed VP8 (no H.264 offered): transcoded
        Vp8ToH264::Options vp8Transcode;
        std::optional<int> audioPayloadType;
        std::int64_t startMicros = 0;         ///< where on the bus its timeline starts (resume)
        std::chrono::milliseconds keyframeInterval{2000};
        std::chrono::milliseconds silenceTimeout{5000};
        /// The bus closed the broadcast (the owner stopped it, the key was
        /// revoked, another connection took it over): end the session. Called
        /// on any thread; must not block nor call back into the bus.
        std::function<void(const std::string& why)> closed;
    };

    WhipPublisher(MediaBus& media, Poco::Logger& logger, std::shared_ptr<WhepSession> session, Setup setup);
    ~WhipPublisher();

    const std::string& sessionId() const { return _session->id(); }
    const PublishGrant& grant() const { return _setup.grant; }
    /// Why this publisher cannot work on this server (VP8 agreed, but FFmpeg
    /// cannot transcode it), or nullopt: the route refuses the offer with it.
    const std::optional<std::string>& unusable() const { return _unusable; }

    /// One decrypted RTP packet from the publisher.
    void onRtp(std::string_view datagram, Clock::time_point arrival);
    /// A decrypted RTCP compound packet from the publisher (its sender reports).
    void onRtcp(const RtcpCompound& compound, Clock::time_point arrival);
    /// About every 100 ms: the RTCP the publisher needs, into `out`. Returns
    /// why the session should end (the publisher went silent), or nullopt.
    std::optional<std::string> tick(Clock::time_point now, DatagramBatch& out);

    /// DELETE: the broadcast is over (the key is spent if it is per-broadcast).
    void finish();
    /// The connection is gone: the broadcast may resume within the grace window.
    void interrupt();
    /// The bus time reached, in microseconds (-1 before any media), for a resume.
    std::int64_t reachedMicros() const;

    /// What tick() asked the publisher for since the last call (for the metrics).
    struct Feedback {
        std::uint64_t nackedPackets = 0;
        std::uint64_t keyframeRequests = 0;
        std::uint64_t lostPackets = 0;  ///< missing video packets given up on (no retransmission in time)
    };
    Feedback takeFeedback();

private:
    void onVideo(const RtpPacket& packet, Clock::time_point arrival);
    void onAudio(const RtpPacket& packet, Clock::time_point arrival);
    void deliverVideo(H264AccessUnit& unit, Clock::time_point arrival);
    void deliverVp8(Vp8Frame& frame, Clock::time_point arrival);
    void onTranscoded(Vp8TranscodeWorker::Output out);
    void onTranscodeFailed(const std::string& why);
    void deliverPicture(std::string data, std::int64_t ticks, bool keyframe, const std::string& sps,
                        const std::string& pps, Clock::time_point arrival);
    std::vector<std::uint16_t> missingVideo() const;
    void skipMissingVideo(Clock::time_point now);
    bool videoWantsKeyframe() const;
    void open();
    void push(MediaPacket packet);
    std::vector<TrackInfo> tracks() const;
    std::string describe() const;

    MediaBus& _media;
    Poco::Logger& _logger;
    const std::shared_ptr<WhepSession> _session;
    const Setup _setup;
    const std::uint32_t _ourSsrc;
    mutable std::mutex _mutex;
    WhipTimeline _timeline;
    H264Depacketizer _depacketizer;
    Vp8Depacketizer _vp8Depacketizer;
    std::optional<std::string> _unusable;
    std::unique_ptr<OpusToAac> _transcoder;
    std::string _audioConfig;
    std::string _videoConfig;
    int _width = 0;  ///< from the SPS
    int _height = 0;
    std::optional<std::uint32_t> _videoSsrc;
    std::optional<std::uint32_t> _audioSsrc;
    std::optional<RtpReceiveStatistics> _videoStats;
    std::optional<RtpReceiveStatistics> _audioStats;
    std::unique_ptr<MediaPublisher> _publisher;
    /// The bus took the broadcast away; set from any thread.
    std::shared_ptr<std::atomic<bool>> _released = std::make_shared<std::atomic<bool>>(false);
    std::int64_t _lastVideoTicks = -1;
    std::int64_t _reachedMicros = -1;
    Clock::time_point _created;
    std::optional<Clock::time_point> _lastMedia;
    std::optional<Clock::time_point> _lastKeyframe;
    Clock::time_point _lastKeyframeRequest{};
    Clock::time_point _lastReport{};
    std::optional<Clock::time_point> _missingSince;
    std::uint64_t _keyframeRequests = 0;
    Feedback _feedback;
    /// Only for a VP8 publisher. Last, and reset first in the destructor: its
    /// thread calls back into this object until it is stopped.
    std::unique_ptr<Vp8TranscodeWorker> _vp8Worker;
};

}  // namespace sockstream::webrtc
