#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "Datagram.h"
#include "H264Packetizer.h"
#include "AacToOpus.h"
#include "OpusPacketizer.h"
#include "RetransmissionHistory.h"
#include "SendBatch.h"
#include "WhepSession.h"
#include "sockstream/media/MediaTypes.h"

namespace sockstream::webrtc {

/// One live room as WebRTC viewers get it: each access unit is packetized
/// once (RFC 6184) for every viewer, and its AAC is transcoded to Opus once
/// (only while someone watches: the transcoder goes with the last viewer), and each viewer's copy is encrypted with
/// its own key (WhepSession). The packets since the last IDR are kept, so a
/// new viewer starts at once from that keyframe (and a PLI is answered from
/// it); the last packets of each track are kept for NACKs. A stream WebRTC
/// cannot carry (B-frames, a codec other than H.264) is named by
/// unplayableReason(). Thread-safe: the ingest thread feeds it, the UDP loop
/// attaches viewers and asks for retransmissions, a timer paces catch-ups.
///
/// Catch-up: the cached group a new viewer (or a PLI) gets is not sent in one
/// burst (thousands of datagrams, which a receiver's socket buffer drops) but
/// queued for that viewer and sent at most catchUpPacketsPerTick() packets
/// each catchUpTick (pace(), on the plugin's scheduler), and the viewer's live
/// video joins the end of that queue until it is empty. Caught-up viewers get
/// live packets directly, as before.
class StreamFeed {
public:
    struct Limits {
        std::size_t maxKeyframeGroupPackets = 4000;
        std::size_t historyPackets = 1024;
        /// A catch-up goes this many times as fast as the stream's video (its
        /// packets per second, measured over a keyframe group) ...
        double catchUpRateMultiplier = 4.0;
        /// ... and at least this many packets a tick (a stream not measured yet, a low bitrate).
        std::size_t catchUpMinPacketsPerTick = 8;
        /// How often pace() is called.
        std::chrono::milliseconds catchUpTick{10};
    };

    StreamFeed(std::string roomId, Limits limits);

    const std::string& roomId() const { return _roomId; }

    /// New or changed tracks. Returns true when playability changed.
    bool onTracks(const StreamInfo& info);
    /// One access unit of the stream: datagrams for every started viewer go
    /// into `out`. Returns true when playability changed (B-frames seen).
    bool onPacket(const MediaPacket& packet, SendBatch& out);

    /// Words for viewers and the host when WebRTC cannot play this stream, else nullopt.
    std::optional<std::string> unplayableReason() const;
    /// The stream's H.264 profile_idc (from its avcC), to prefer in the answer.
    std::optional<int> h264ProfileIdc() const;

    /// A viewer whose DTLS is connected: it catches up from the cached keyframe
    /// group (its first tick's worth now, the rest paced), or waits for the
    /// next IDR; then it gets every packet.
    void attach(const std::shared_ptr<WhepSession>& session, SendBatch& out);
    void detach(const std::string& sessionId);
    std::size_t viewerCount() const;

    /// Whether AAC is being transcoded now (someone watches), for tests and metrics.
    bool transcodingAudio() const;

    /// NACK: the listed video packets, from the history, again. Returns how
    /// many were sent (the rest are no longer in the history).
    std::size_t retransmit(WhepSession& session, const std::vector<std::uint16_t>& sequences, SendBatch& out);
    /// PLI/FIR: the cached keyframe group again (the viewer keeps what it
    /// has), paced as a catch-up. Returns whether one started: false without a
    /// complete group, for a session that is not a viewer here, and while the
    /// viewer is still catching up (the group it asks for is on its way).
    bool resendKeyframe(WhepSession& session, SendBatch& out);

    /// One tick of every catch-up: at most catchUpPacketsPerTick() packets to each catching-up viewer.
    void pace(SendBatch& out);
    /// Whether some viewer is catching up (lock-free: the plugin's timer asks every tick).
    bool catchingUp() const { return _catchingUp.load(std::memory_order_relaxed) > 0; }
    /// The packets a catch-up sends each tick now.
    std::size_t catchUpPacketsPerTick() const;

private:
    struct Viewer {
        std::shared_ptr<WhepSession> session;
        bool started = false;  ///< has been sent a keyframe; before that, nothing it could decode
        /// While catching up: what it is still to get, oldest first, from
        /// catchUpNext on (the cached group, then its live video). Empty once caught up.
        std::vector<std::shared_ptr<const std::string>> catchUp;
        std::size_t catchUpNext = 0;
    };

    void startCatchUp(Viewer& viewer, SendBatch& out);  ///< _mutex held
    void sendCatchUp(Viewer& viewer, std::size_t budget, SendBatch& out);  ///< _mutex held
    void endCatchUp(Viewer& viewer);  ///< _mutex held
    std::size_t catchUpBudget() const;  ///< _mutex held
    void noteGroupRate();  ///< _mutex held: the group that ends now gives the stream's packet rate

    void sendToViewers(const std::vector<std::shared_ptr<const std::string>>& packets, bool keyframe,
                       SendBatch& out);  ///< _mutex held
    void onAudio(const MediaPacket& packet, SendBatch& out);  ///< _mutex held

    const std::string _roomId;
    const Limits _limits;
    mutable std::mutex _mutex;
    std::optional<int> _videoTrackId;
    std::optional<int> _profileIdc;
    std::string _decoderConfig;
    int _lengthSize = 4;  ///< NAL length prefix bytes, from the avcC
    std::unique_ptr<H264Packetizer> _packetizer;
    std::optional<std::string> _unplayable;
    bool _bFrames = false;
    std::vector<std::shared_ptr<const std::string>> _keyframeGroup;
    bool _keyframeGroupComplete = false;  ///< starts at an IDR and fits the limit
    std::optional<std::uint32_t> _groupFirstTimestamp;  ///< RTP timestamps (90 kHz) of the group's first and last packet
    std::uint32_t _groupLastTimestamp = 0;
    std::size_t _groupPackets = 0;           ///< video packets since the last IDR (cached or not)
    double _packetsPerSecond = 0;            ///< the stream's video, from the last whole group (0: not known yet)
    std::atomic<std::size_t> _catchingUp{0};  ///< viewers whose catchUp is not empty
    RetransmissionHistory _history;
    std::optional<int> _audioTrackId;
    std::string _audioConfig;      ///< the AAC AudioSpecificConfig
    bool _audioBroken = false;     ///< the transcoder could not start: video only
    std::unique_ptr<AacToOpus> _transcoder;
    std::unique_ptr<OpusPacketizer> _opusPacketizer;
    std::vector<Viewer> _viewers;
};

}  // namespace sockstream::webrtc
