#include "RtcpParser.h"

#include "BigEndian.h"
#include "RtcpLimits.h"

namespace sockstream::webrtc {

namespace {

std::uint32_t read32(std::string_view bytes, std::size_t at) { return readBigEndian32(bytes, at); }
std::uint16_t read16(std::string_view bytes, std::size_t at) { return readBigEndian16(bytes, at); }

constexpr std::size_t kHeaderSize = 4;
constexpr std::size_t kReportBlockSize = 24;
constexpr std::size_t kSenderInfoSize = 20;
constexpr std::size_t kFeedbackHeaderSize = 8;  // sender SSRC + media SSRC
constexpr std::size_t kFirEntrySize = 8;

/// Reads a packet's body (after the 4-byte header, padding removed) into the
/// compound. Returns a reason when the body does not fit its type.
class BodyReader {
public:
    explicit BodyReader(RtcpCompound& out) : _out(out) {}

    const char* read(std::uint8_t type, std::uint8_t count, std::string_view body) {
        switch (type) {
            case rtcp::kSenderReport: return senderReport(count, body);
            case rtcp::kReceiverReport: return receiverReport(count, body);
            case rtcp::kGoodbye: return goodbye(count, body);
            case rtcp::kTransportFeedback: return transportFeedback(count, body);
            case rtcp::kPayloadFeedback: return payloadFeedback(count, body);
            default: ++_out.ignoredPackets; return nullptr;  // SDES, APP and types from later RFCs
        }
    }

private:
    static std::vector<ReportBlock> reportBlocks(std::string_view blocks, std::size_t count) {
        std::vector<ReportBlock> out(count);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t at = i * kReportBlockSize;
            auto& block = out[i];
            block.ssrc = read32(blocks, at);
            const std::uint32_t lossWord = read32(blocks, at + 4);
            block.fractionLost = static_cast<std::uint8_t>(lossWord >> 24);
            // Sign-extend the 24-bit cumulative count.
            const std::uint32_t cumulative = lossWord & 0xFFFFFF;
            block.cumulativeLost = static_cast<std::int32_t>(cumulative << 8) >> 8;
            block.highestSequence = read32(blocks, at + 8);
            block.jitter = read32(blocks, at + 12);
            block.lastSenderReport = read32(blocks, at + 16);
            block.delaySinceLastSenderReport = read32(blocks, at + 20);
        }
        return out;
    }

    const char* senderReport(std::uint8_t count, std::string_view body) {
        // Bytes past the report blocks are a profile-specific extension (RFC 3550 6.4.1): read past.
        if (body.size() < 4 + kSenderInfoSize + count * kReportBlockSize) return "a sender report is shorter than its report count says";
        SenderReport report;
        report.ssrc = read32(body, 0);
        report.ntpTime = (static_cast<std::uint64_t>(read32(body, 4)) << 32) | read32(body, 8);
        report.rtpTimestamp = read32(body, 12);
        report.packetCount = read32(body, 16);
        report.octetCount = read32(body, 20);
        report.reports = reportBlocks(body.substr(4 + kSenderInfoSize), count);
        _out.senderReports.push_back(std::move(report));
        return nullptr;
    }

    const char* receiverReport(std::uint8_t count, std::string_view body) {
        if (body.size() < 4 + count * kReportBlockSize) return "a receiver report is shorter than its report count says";
        ReceiverReport report;
        report.ssrc = read32(body, 0);
        report.reports = reportBlocks(body.substr(4), count);
        _out.receiverReports.push_back(std::move(report));
        return nullptr;
    }

    const char* goodbye(std::uint8_t count, std::string_view body) {
        // An optional reason follows the SSRCs; it is not needed.
        if (body.size() < count * std::size_t{4}) return "a BYE is shorter than its source count says";
        for (std::size_t i = 0; i < count; ++i) _out.goodbyes.push_back(read32(body, i * 4));
        return nullptr;
    }

    const char* transportFeedback(std::uint8_t format, std::string_view body) {
        if (body.size() < kFeedbackHeaderSize) return "a transport feedback packet lacks its SSRCs";
        if (format != rtcp::kFmtGenericNack) {  // transport-cc and the rest: read past
            ++_out.ignoredPackets;
            return nullptr;
        }
        const std::string_view fci = body.substr(kFeedbackHeaderSize);
        if (fci.empty()) return "a generic NACK carries no lost packets";
        GenericNack nack;
        nack.senderSsrc = read32(body, 0);
        nack.mediaSsrc = read32(body, 4);
        for (std::size_t at = 0; at < fci.size(); at += 4) {
            const std::uint16_t first = read16(fci, at);
            const std::uint16_t following = read16(fci, at + 2);  // BLP: bit i = first + i + 1 lost too
            take(nack, first);
            for (int bit = 0; bit < 16; ++bit)
                if (following & (1u << bit)) take(nack, static_cast<std::uint16_t>(first + bit + 1));
        }
        _out.nacks.push_back(std::move(nack));
        return nullptr;
    }

    void take(GenericNack& nack, std::uint16_t sequence) {
        if (_nacked >= RtcpLimits::maxNackedSequences) return;
        ++_nacked;
        nack.sequences.push_back(sequence);
    }

    const char* payloadFeedback(std::uint8_t format, std::string_view body) {
        if (body.size() < kFeedbackHeaderSize) return "a payload feedback packet lacks its SSRCs";
        const std::string_view fci = body.substr(kFeedbackHeaderSize);
        if (format == rtcp::kFmtPictureLoss) {
            // RFC 4585 6.3.1: no FCI; a longer one is tolerated, as libwebrtc does.
            _out.pictureLosses.push_back({read32(body, 0), read32(body, 4)});
            return nullptr;
        }
        if (format == rtcp::kFmtFullIntraRequest) {
            // RFC 5104 4.3.1: the media SSRC is 0; each entry names a source.
            if (fci.empty() || fci.size() % kFirEntrySize != 0) return "a FIR's entries are not whole 8-byte entries";
            FullIntraRequest request;
            request.senderSsrc = read32(body, 0);
            for (std::size_t at = 0; at < fci.size(); at += kFirEntrySize)
                request.entries.push_back({read32(fci, at), static_cast<std::uint8_t>(fci[at + 4])});
            _out.fullIntraRequests.push_back(std::move(request));
            return nullptr;
        }
        ++_out.ignoredPackets;  // REMB and other application-layer feedback, SLI, RPSI
        return nullptr;
    }

    RtcpCompound& _out;
    std::size_t _nacked = 0;
};

std::optional<RtcpCompound> refuse(std::string* whyNot, const char* reason) {
    if (whyNot) *whyNot = reason;
    return std::nullopt;
}

}  // namespace

std::optional<RtcpCompound> parseRtcpCompound(std::string_view datagram, std::string* whyNot) {
    if (datagram.size() < kHeaderSize) return refuse(whyNot, "the RTCP datagram is shorter than one header");
    if (datagram.size() > RtcpLimits::maxCompoundSize) return refuse(whyNot, "the RTCP datagram is larger than 1500 bytes");
    if (datagram.size() % 4 != 0) return refuse(whyNot, "the RTCP datagram is not a whole number of 32-bit words");
    RtcpCompound compound;
    BodyReader reader(compound);
    std::size_t at = 0;
    std::size_t packets = 0;
    while (at < datagram.size()) {
        if (++packets > RtcpLimits::maxPacketsPerCompound) return refuse(whyNot, "the compound RTCP packet holds more than 32 packets");
        if (datagram.size() - at < kHeaderSize) return refuse(whyNot, "an RTCP header is truncated");
        const auto first = static_cast<unsigned char>(datagram[at]);
        const auto type = static_cast<std::uint8_t>(datagram[at + 1]);
        if ((first >> 6) != 2) return refuse(whyNot, "an RTCP packet is not version 2");
        if (type < 192 || type > 223) return refuse(whyNot, "an RTCP packet type is outside 192..223 (RTP on the RTCP path?)");
        const std::size_t size = (std::size_t{read16(datagram, at + 2)} + 1) * 4;
        if (size > datagram.size() - at) return refuse(whyNot, "an RTCP packet's length runs past the datagram");
        std::string_view body = datagram.substr(at + kHeaderSize, size - kHeaderSize);
        if (first & 0x20) {
            // RFC 3550 6.4.1/A.2: only the last packet of a compound may be padded,
            // and the count (its last octet, counting itself) must fit the packet.
            if (at + size != datagram.size()) return refuse(whyNot, "an RTCP packet other than the last is padded");
            const std::size_t padding = body.empty() ? 0 : static_cast<unsigned char>(body.back());
            if (padding == 0 || padding > body.size()) return refuse(whyNot, "an RTCP packet's padding count is 0 or larger than the packet");
            body.remove_suffix(padding);
        }
        if (const char* reason = reader.read(type, first & 0x1F, body)) return refuse(whyNot, reason);
        at += size;
    }
    return compound;
}

}  // namespace sockstream::webrtc
