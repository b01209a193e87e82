#include "AvcNalUnits.h"

#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {
unsigned byteAt(std::string_view bytes, std::size_t at) { return static_cast<unsigned char>(bytes[at]); }

/// Reads `count` 16-bit-length-prefixed parameter sets starting at `at`.
std::vector<std::string> readSets(std::string_view record, std::size_t& at, unsigned count, const char* what) {
    std::vector<std::string> sets;
    for (unsigned i = 0; i < count; ++i) {
        if (record.size() - at < 2) throw WebRtcError(std::string("the avcC record ends inside its ") + what + " list");
        const std::size_t length = (byteAt(record, at) << 8) | byteAt(record, at + 1);
        at += 2;
        if (length == 0 || record.size() - at < length)
            throw WebRtcError(std::string("the avcC record has an empty or truncated ") + what);
        sets.emplace_back(record.substr(at, length));
        at += length;
    }
    return sets;
}
}  // namespace

AvcParameterSets parseAvcDecoderConfig(std::string_view record) {
    if (record.size() < 7 || byteAt(record, 0) != 1)
        throw WebRtcError("the H.264 decoder configuration is not an avcC record (version 1, 7 bytes or more)");
    AvcParameterSets sets;
    sets.lengthSize = static_cast<int>((byteAt(record, 4) & 0x03) + 1);
    if (sets.lengthSize == 3) throw WebRtcError("the avcC record declares 3-byte NAL lengths, which H.264 does not allow");
    std::size_t at = 6;
    sets.sps = readSets(record, at, byteAt(record, 5) & 0x1F, "SPS");
    if (record.size() - at < 1) throw WebRtcError("the avcC record ends before its PPS count");
    const unsigned ppsCount = byteAt(record, at++);
    sets.pps = readSets(record, at, ppsCount, "PPS");
    return sets;
}

std::vector<std::string_view> splitLengthPrefixed(std::string_view accessUnit, int lengthSize) {
    std::vector<std::string_view> units;
    std::size_t at = 0;
    while (at < accessUnit.size()) {
        if (accessUnit.size() - at < static_cast<std::size_t>(lengthSize))
            throw WebRtcError("an H.264 access unit ends inside a NAL unit length");
        std::size_t length = 0;
        for (int i = 0; i < lengthSize; ++i) length = (length << 8) | byteAt(accessUnit, at + i);
        at += lengthSize;
        if (length == 0 || accessUnit.size() - at < length)
            throw WebRtcError("an H.264 access unit has an empty NAL unit or one longer than the data");
        units.push_back(accessUnit.substr(at, length));
        at += length;
    }
    return units;
}

}  // namespace sockstream::webrtc
