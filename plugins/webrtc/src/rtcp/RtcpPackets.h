#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sockstream::webrtc {

/// RTCP packet types (RFC 3550 section 12.1, RFC 4585 section 6.1).
namespace rtcp {
constexpr std::uint8_t kSenderReport = 200;
constexpr std::uint8_t kReceiverReport = 201;
constexpr std::uint8_t kSourceDescription = 202;
constexpr std::uint8_t kGoodbye = 203;
constexpr std::uint8_t kApplication = 204;
constexpr std::uint8_t kTransportFeedback = 205;  ///< RTPFB
constexpr std::uint8_t kPayloadFeedback = 206;    ///< PSFB
/// Feedback message types (the FMT field).
constexpr std::uint8_t kFmtGenericNack = 1;        ///< RTPFB, RFC 4585 6.2.1
constexpr std::uint8_t kFmtTransportWideCc = 15;   ///< RTPFB, draft-holmer-rmcat-transport-wide-cc
constexpr std::uint8_t kFmtPictureLoss = 1;        ///< PSFB, RFC 4585 6.3.1
constexpr std::uint8_t kFmtFullIntraRequest = 4;   ///< PSFB, RFC 5104 4.3.1
constexpr std::uint8_t kFmtApplicationLayer = 15;  ///< PSFB, e.g. REMB
}  // namespace rtcp

/// One reception report block (RFC 3550 6.4.1): what a receiver saw of one source.
struct ReportBlock {
    std::uint32_t ssrc = 0;               ///< the source this block is about
    std::uint8_t fractionLost = 0;        ///< lost since the last report, in 1/256
    std::int32_t cumulativeLost = 0;      ///< 24-bit signed on the wire (duplicates can make it negative)
    std::uint32_t highestSequence = 0;    ///< extended highest sequence number received
    std::uint32_t jitter = 0;             ///< interarrival jitter, in RTP timestamp units
    std::uint32_t lastSenderReport = 0;   ///< middle 32 bits of the last SR's NTP time, 0 if none
    std::uint32_t delaySinceLastSenderReport = 0;  ///< in 1/65536 s
};

struct SenderReport {
    std::uint32_t ssrc = 0;
    std::uint64_t ntpTime = 0;  ///< NTP 32.32 fixed point (seconds since 1900)
    std::uint32_t rtpTimestamp = 0;  ///< the same instant on the track's RTP clock
    std::uint32_t packetCount = 0;
    std::uint32_t octetCount = 0;    ///< payload octets, not counting headers or padding
    std::vector<ReportBlock> reports;
};

struct ReceiverReport {
    std::uint32_t ssrc = 0;
    std::vector<ReportBlock> reports;
};

/// RFC 4585 generic NACK: the sequence numbers a receiver asks to be resent,
/// expanded from the PID/BLP pairs, in the order they were listed.
struct GenericNack {
    std::uint32_t senderSsrc = 0;
    std::uint32_t mediaSsrc = 0;
    std::vector<std::uint16_t> sequences;
};

/// RFC 4585 Picture Loss Indication: the receiver needs a keyframe.
struct PictureLossIndication {
    std::uint32_t senderSsrc = 0;
    std::uint32_t mediaSsrc = 0;
};

/// RFC 5104 Full Intra Request: one entry per source asked for a keyframe.
/// The sequence number repeats in retransmitted requests, so a sender answers
/// each new number once.
struct FullIntraRequest {
    struct Entry {
        std::uint32_t ssrc = 0;
        std::uint8_t sequence = 0;
    };
    std::uint32_t senderSsrc = 0;
    std::vector<Entry> entries;
};

/// Everything a compound RTCP packet said that SockStream acts on. Source
/// descriptions, APP packets, REMB, transport-wide congestion control and
/// unknown feedback are read past and only counted.
struct RtcpCompound {
    std::vector<SenderReport> senderReports;
    std::vector<ReceiverReport> receiverReports;
    std::vector<GenericNack> nacks;
    std::vector<PictureLossIndication> pictureLosses;
    std::vector<FullIntraRequest> fullIntraRequests;
    std::vector<std::uint32_t> goodbyes;  ///< SSRCs that left (BYE)
    std::size_t ignoredPackets = 0;
};

}  // namespace sockstream::webrtc
