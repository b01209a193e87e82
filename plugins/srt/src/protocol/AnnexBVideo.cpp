#include "AnnexBVideo.h"

#include <stdexcept>
#include <vector>

#include "sockstream/codec/AnnexB.h"
#include "sockstream/codec/AvcDecoderConfig.h"

namespace sockstream::srt {

namespace {

constexpr int kNalIdr = 5;
constexpr int kNalSps = 7;
constexpr int kNalPps = 8;
constexpr int kNalDelimiter = 9;

void appendLengthPrefixed(std::string& out, std::string_view nal) {
    const auto size = static_cast<std::uint32_t>(nal.size());
    out.push_back(static_cast<char>(size >> 24));
    out.push_back(static_cast<char>(size >> 16));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size));
    out.append(nal);
}

void appendSized16(std::string& out, std::string_view bytes) {
    out.push_back(static_cast<char>(bytes.size() >> 8));
    out.push_back(static_cast<char>(bytes.size()));
    out.append(bytes);
}

// ISO/IEC 14496-15 5.3.3.1 with one SPS and one PPS, 4-byte lengths.
std::string buildRecord(std::string_view sps, std::string_view pps) {
    if (sps.size() < 4) throw std::invalid_argument("H.264 sequence parameter set too short");
    if (pps.empty()) throw std::invalid_argument("H.264 picture parameter set empty");
    if (sps.size() > 0xFFFF || pps.size() > 0xFFFF) throw std::invalid_argument("H.264 parameter set too long");
    std::string record;
    record.push_back(1);       // configurationVersion
    record.push_back(sps[1]);  // AVCProfileIndication
    record.push_back(sps[2]);  // profile_compatibility
    record.push_back(sps[3]);  // AVCLevelIndication
    record.push_back(static_cast<char>(0xFF));  // 6 reserved bits, lengthSizeMinusOne = 3
    record.push_back(static_cast<char>(0xE1));  // 3 reserved bits, one SPS
    appendSized16(record, sps);
    record.push_back(1);  // one PPS
    appendSized16(record, pps);
    // The shared parser is the one every packager trusts: refuse what it refuses.
    (void)codec::AvcDecoderConfig::parse(record);
    return record;
}

}  // namespace

AvcAccessUnit convertAnnexB(std::string_view data, std::size_t maxNalBytes) {
    using namespace std::string_view_literals;
    if (data.substr(0, 3) != "\0\0\1"sv && data.substr(0, 4) != "\0\0\0\1"sv)
        throw std::invalid_argument("H.264 access unit does not start with an Annex B start code");
    AvcAccessUnit unit;
    std::string_view sps;
    std::string_view pps;
    for (const std::string_view nal : codec::splitAnnexB(data)) {
        if (nal.size() > maxNalBytes) throw std::invalid_argument("H.264 NAL unit larger than the limit");
        const int type = static_cast<std::uint8_t>(nal[0]) & 0x1F;
        if (type == kNalDelimiter) continue;
        if (type == kNalSps) { if (sps.empty()) sps = nal; continue; }
        if (type == kNalPps) { if (pps.empty()) pps = nal; continue; }
        if (type == kNalIdr) unit.keyframe = true;
        appendLengthPrefixed(unit.payload, nal);
    }
    if (!sps.empty() && !pps.empty()) {
        try {
            unit.decoderConfig = buildRecord(sps, pps);
        } catch (const std::exception& e) {
            throw std::invalid_argument(std::string("H.264 parameter sets unusable: ") + e.what());
        }
    }
    return unit;
}

}  // namespace sockstream::srt
