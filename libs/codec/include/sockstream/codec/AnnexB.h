#pragma once

#include <string_view>
#include <vector>

namespace sockstream::codec {

/// The NAL units of an H.264/H.265 Annex B byte stream (ITU-T H.264 Annex B:
/// units behind 00 00 01 or 00 00 00 01 start codes), as views into `stream`
/// without their start codes. Trailing zero bytes are dropped from each unit
/// (they are the next 4-byte start code's first byte or trailing_zero_8bits,
/// never part of a NAL unit, whose last byte holds the RBSP stop bit), units
/// left empty are skipped, and bytes before the first start code are ignored:
/// no start code at all gives no units. Never throws on any input; callers
/// that require a leading start code or bound unit sizes check that themselves.
std::vector<std::string_view> splitAnnexB(std::string_view stream);

}  // namespace sockstream::codec
