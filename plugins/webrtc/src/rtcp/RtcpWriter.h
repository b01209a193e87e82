#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "RtcpPackets.h"

namespace sockstream::webrtc {

/// Appends RTCP packets to `out`; several appended in a row form one compound
/// packet (RFC 3550 6.1: start with a report, include an SDES CNAME). The
/// sender side of WHEP writes SR + SDES; the receiver side of WHIP writes RR,
/// NACK, PLI and FIR to the publisher. Each throws WebRtcError if the input
/// cannot be written (more than 31 report blocks, a CNAME over 255 bytes, no
/// sequences or entries), so a caller's bug never produces a malformed packet.
void appendSenderReport(std::string& out, const SenderReport& report);
void appendReceiverReport(std::string& out, const ReceiverReport& report);
void appendSourceDescription(std::string& out, std::uint32_t ssrc, std::string_view cname);
void appendGoodbye(std::string& out, std::uint32_t ssrc);
/// Packs the sequence numbers into as few PID/BLP pairs as their order allows.
void appendGenericNack(std::string& out, std::uint32_t senderSsrc, std::uint32_t mediaSsrc,
                       std::span<const std::uint16_t> sequences);
void appendPictureLossIndication(std::string& out, std::uint32_t senderSsrc, std::uint32_t mediaSsrc);
void appendFullIntraRequest(std::string& out, std::uint32_t senderSsrc, std::span<const FullIntraRequest::Entry> entries);

}  // namespace sockstream::webrtc
