#include "AvcNalUnits.h"

#include <cstdint>

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

std::optional<int> sliceType(std::string_view nalUnit) {
    if (nalUnit.size() < 2) return std::nullopt;
    const int type = nal::type(nalUnit);
    if (type != nal::kSlice && type != nal::kIdr) return std::nullopt;
    // The RBSP of the header's first bytes: emulation prevention (00 00 03) removed.
    std::string rbsp;
    int zeros = 0;
    for (std::size_t i = 1; i < nalUnit.size() && rbsp.size() < 16; ++i) {
        const auto byte = static_cast<unsigned char>(nalUnit[i]);
        if (zeros >= 2 && byte == 3) {
            zeros = 0;
            continue;
        }
        zeros = byte == 0 ? zeros + 1 : 0;
        rbsp.push_back(static_cast<char>(byte));
    }
    std::size_t bit = 0;
    const auto next = [&]() -> std::optional<unsigned> {
        if (bit >= rbsp.size() * 8) return std::nullopt;
        const unsigned value = (static_cast<unsigned char>(rbsp[bit / 8]) >> (7 - bit % 8)) & 1u;
        ++bit;
        return value;
    };
    const auto exponentialGolomb = [&]() -> std::optional<std::uint64_t> {
        int leading = 0;
        for (;;) {
            const auto b = next();
            if (!b) return std::nullopt;
            if (*b) break;
            if (++leading > 31) return std::nullopt;
        }
        std::uint64_t value = 0;
        for (int i = 0; i < leading; ++i) {
            const auto b = next();
            if (!b) return std::nullopt;
            value = (value << 1) | *b;
        }
        return (std::uint64_t{1} << leading) - 1 + value;
    };
    if (!exponentialGolomb()) return std::nullopt;  // first_mb_in_slice
    const auto slice = exponentialGolomb();
    if (!slice || *slice > 9) return std::nullopt;
    return static_cast<int>(*slice);
}

bool hasBSlice(std::string_view accessUnit, int lengthSize) {
    for (const auto unit : splitLengthPrefixed(accessUnit, lengthSize))
        if (const auto type = sliceType(unit); type && *type % 5 == 1) return true;
    return false;
}

}  // namespace sockstream::webrtc
