#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "RtpReorderWindow.h"

namespace sockstream::webrtc {

struct RtpPacket;

/// One VP8 frame from RTP: the bytes a VP8 decoder takes (RFC 6386), without
/// the RTP payload descriptors.
struct Vp8Frame {
    std::string data;
    std::uint32_t rtpTimestamp = 0;  ///< 90 kHz, as sent (the caller unwraps it)
    bool keyframe = false;
    int width = 0;   ///< from a keyframe's header, else 0
    int height = 0;
};

/// What the RFC 7741 section 4.2 payload descriptor of one packet says.
struct Vp8PayloadDescriptor {
    bool nonReference = false;  ///< N
    bool startOfPartition = false;  ///< S
    int partitionIndex = 0;     ///< PID
    std::optional<int> pictureId;  ///< 7 or 15 bits (M)
    std::size_t size = 0;       ///< bytes before the VP8 payload
};

/// Reads the payload descriptor: X, then I/L/T/K extension bytes and the 7- or
/// 15-bit picture ID. nullopt when it is cut short or leaves no VP8 payload.
std::optional<Vp8PayloadDescriptor> parseVp8PayloadDescriptor(std::string_view payload);

/// RFC 7741 receiver for WHIP ingest: packets back in order (a bounded reorder
/// window), a frame from the packet with S=1 and PID=0 to the marker bit (or
/// until the timestamp changes), a keyframe when the first partition's P bit
/// is 0 and its start code and picture size are there. A lost packet, a
/// malformed descriptor, a picture ID that changes within a frame or a frame
/// over the limits loses the frame, and every frame is dropped until the next
/// keyframe (decoding from a broken reference shows smeared pictures), while
/// wantsKeyframe() tells the caller to send a PLI. Not thread-safe.
class Vp8Depacketizer {
public:
    struct Limits {
        std::size_t maxFrameSize = 4 * 1024 * 1024;
        std::size_t maxPacketsPerFrame = 4096;
        std::size_t reorderWindow = 64;  ///< packets held while a sequence number is missing
    };

    Vp8Depacketizer();
    explicit Vp8Depacketizer(Limits limits);

    /// One packet of the track (its payload type and SSRC already checked).
    /// Returns the frames it completed, in order.
    std::vector<Vp8Frame> push(const RtpPacket& packet);
    /// See RtpReorderWindow::missingSequences().
    std::vector<std::uint16_t> missingSequences() const { return _window.missingSequences(); }
    /// Stops waiting for what is missing: the frames it belonged to are lost.
    std::vector<Vp8Frame> skipMissing();

    /// True from the start and after a loss until a keyframe came through.
    bool wantsKeyframe() const { return _waitingForKeyframe; }
    /// Frames dropped (lost, malformed, over a limit, or waiting for a keyframe).
    std::size_t droppedFrames() const { return _dropped; }

private:
    void take(RtpReorderWindow::Released released, std::vector<Vp8Frame>& out);
    void accept(const RtpReorderWindow::Packet& packet, std::vector<Vp8Frame>& out);
    bool readPayload(std::string_view payload);
    void finish(std::vector<Vp8Frame>& out);
    void lose();

    Limits _limits;
    RtpReorderWindow _window;
    // The frame being assembled.
    std::string _frame;
    std::size_t _packets = 0;
    bool _hasTimestamp = false;
    std::uint32_t _timestamp = 0;
    bool _started = false;  ///< its first packet (S=1, PID=0) came
    std::optional<int> _pictureId;
    bool _broken = false;
    bool _waitingForKeyframe = true;
    std::size_t _dropped = 0;
};

}  // namespace sockstream::webrtc
