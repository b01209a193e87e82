#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::webrtc {

/// The parameter sets of an avcC record (ISO/IEC 14496-15 5.3.3.1).
struct AvcParameterSets {
    std::vector<std::string> sps;
    std::vector<std::string> pps;
    int lengthSize = 4;  ///< bytes of each NAL unit's length prefix in access units
};

/// Reads SPS/PPS and the NAL length size from an avcC record; throws
/// WebRtcError for a truncated or inconsistent record.
AvcParameterSets parseAvcDecoderConfig(std::string_view record);

/// Splits a length-prefixed access unit into NAL units (views into `accessUnit`);
/// throws WebRtcError when a length overruns the data or a NAL unit is empty.
std::vector<std::string_view> splitLengthPrefixed(std::string_view accessUnit, int lengthSize);

/// The slice_type of a coded slice NAL unit (types 1 and 5; ITU-T H.264
/// 7.3.3: after first_mb_in_slice), 0-9, or nullopt for another NAL type or a
/// header too short or malformed to read. Only the first 16 bytes are read.
std::optional<int> sliceType(std::string_view nalUnit);
/// Whether a length-prefixed access unit holds a B slice (slice_type 1 or 6):
/// frames that are reordered, which WebRTC cannot carry. Throws WebRtcError as splitLengthPrefixed().
bool hasBSlice(std::string_view accessUnit, int lengthSize);

namespace nal {
constexpr int kSlice = 1;
constexpr int kIdr = 5;
constexpr int kSei = 6;
constexpr int kSps = 7;
constexpr int kPps = 8;
constexpr int kAccessUnitDelimiter = 9;
constexpr int kFiller = 12;
constexpr int kStapA = 24;
constexpr int kFuA = 28;
inline int type(std::string_view unit) { return static_cast<unsigned char>(unit[0]) & 0x1F; }
}  // namespace nal

}  // namespace sockstream::webrtc
