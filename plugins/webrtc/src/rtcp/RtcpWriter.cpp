#include "RtcpWriter.h"

#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {

void put32(std::string& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

void put16(std::string& out, std::uint16_t value) {
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value & 0xFF));
}

/// Writes a header with a placeholder length; finish() fills it in once the body is written.
std::size_t begin(std::string& out, std::uint8_t count, std::uint8_t type) {
    const std::size_t start = out.size();
    out.push_back(static_cast<char>(0x80 | (count & 0x1F)));
    out.push_back(static_cast<char>(type));
    put16(out, 0);
    return start;
}

void finish(std::string& out, std::size_t start) {
    const std::size_t words = (out.size() - start) / 4 - 1;
    out[start + 2] = static_cast<char>(words >> 8);
    out[start + 3] = static_cast<char>(words & 0xFF);
}

void putReportBlocks(std::string& out, const std::vector<ReportBlock>& blocks) {
    for (const auto& block : blocks) {
        put32(out, block.ssrc);
        put32(out, (std::uint32_t{block.fractionLost} << 24) | (static_cast<std::uint32_t>(block.cumulativeLost) & 0xFFFFFF));
        put32(out, block.highestSequence);
        put32(out, block.jitter);
        put32(out, block.lastSenderReport);
        put32(out, block.delaySinceLastSenderReport);
    }
}

void checkReportCount(const std::vector<ReportBlock>& blocks) {
    if (blocks.size() > 31) throw WebRtcError("an RTCP report holds at most 31 report blocks");
}

}  // namespace

void appendSenderReport(std::string& out, const SenderReport& report) {
    checkReportCount(report.reports);
    const std::size_t start = begin(out, static_cast<std::uint8_t>(report.reports.size()), rtcp::kSenderReport);
    put32(out, report.ssrc);
    put32(out, static_cast<std::uint32_t>(report.ntpTime >> 32));
    put32(out, static_cast<std::uint32_t>(report.ntpTime));
    put32(out, report.rtpTimestamp);
    put32(out, report.packetCount);
    put32(out, report.octetCount);
    putReportBlocks(out, report.reports);
    finish(out, start);
}

void appendReceiverReport(std::string& out, const ReceiverReport& report) {
    checkReportCount(report.reports);
    const std::size_t start = begin(out, static_cast<std::uint8_t>(report.reports.size()), rtcp::kReceiverReport);
    put32(out, report.ssrc);
    putReportBlocks(out, report.reports);
    finish(out, start);
}

void appendSourceDescription(std::string& out, std::uint32_t ssrc, std::string_view cname) {
    if (cname.empty() || cname.size() > 255) throw WebRtcError("an RTCP CNAME must have 1 to 255 bytes");
    const std::size_t start = begin(out, 1, rtcp::kSourceDescription);
    put32(out, ssrc);
    out.push_back(1);  // CNAME
    out.push_back(static_cast<char>(cname.size()));
    out.append(cname);
    // The item list ends with a null octet, then pads to a 32-bit boundary (RFC 3550 6.5).
    do out.push_back(0); while ((out.size() - start) % 4 != 0);
    finish(out, start);
}

void appendGoodbye(std::string& out, std::uint32_t ssrc) {
    const std::size_t start = begin(out, 1, rtcp::kGoodbye);
    put32(out, ssrc);
    finish(out, start);
}

void appendGenericNack(std::string& out, std::uint32_t senderSsrc, std::uint32_t mediaSsrc,
                       std::span<const std::uint16_t> sequences) {
    if (sequences.empty()) throw WebRtcError("a generic NACK needs at least one sequence number");
    const std::size_t start = begin(out, rtcp::kFmtGenericNack, rtcp::kTransportFeedback);
    put32(out, senderSsrc);
    put32(out, mediaSsrc);
    std::size_t i = 0;
    while (i < sequences.size()) {
        const std::uint16_t first = sequences[i++];
        std::uint16_t following = 0;
        // Later sequences within 16 after `first` ride in its bitmask.
        while (i < sequences.size()) {
            const std::uint16_t distance = static_cast<std::uint16_t>(sequences[i] - first);
            if (distance < 1 || distance > 16) break;
            following |= static_cast<std::uint16_t>(1u << (distance - 1));
            ++i;
        }
        put16(out, first);
        put16(out, following);
    }
    finish(out, start);
}

void appendPictureLossIndication(std::string& out, std::uint32_t senderSsrc, std::uint32_t mediaSsrc) {
    const std::size_t start = begin(out, rtcp::kFmtPictureLoss, rtcp::kPayloadFeedback);
    put32(out, senderSsrc);
    put32(out, mediaSsrc);
    finish(out, start);
}

void appendFullIntraRequest(std::string& out, std::uint32_t senderSsrc, std::span<const FullIntraRequest::Entry> entries) {
    if (entries.empty()) throw WebRtcError("a FIR needs at least one entry");
    const std::size_t start = begin(out, rtcp::kFmtFullIntraRequest, rtcp::kPayloadFeedback);
    put32(out, senderSsrc);
    put32(out, 0);  // media SSRC: unused in a FIR (RFC 5104 4.3.1.2)
    for (const auto& entry : entries) {
        put32(out, entry.ssrc);
        out.push_back(static_cast<char>(entry.sequence));
        out.append(3, '\0');
    }
    finish(out, start);
}

}  // namespace sockstream::webrtc
