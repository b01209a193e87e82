#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sockstream::webrtc {

/// What a WHIP track's TrackInfo needs from an H.264 sequence parameter set
/// (ITU-T H.264 7.3.2.1.1): the picture size after cropping (the HLS
/// packager's MP4 header and the host's health panel need it; a WHIP
/// publisher sends no metadata) and the profile.
struct H264SequenceInfo {
    int profileIdc = 0;
    int width = 0;
    int height = 0;
};

/// Reads an SPS NAL unit (with its one-byte NAL header, emulation prevention
/// bytes included as sent). nullopt, with the reason in words in `whyNot`,
/// for anything that is not a well-formed SPS within limits: at most 4 KiB,
/// exp-Golomb codes of at most 31 leading zeros, a picture of at most
/// 16384x16384, cropping inside the picture. The VUI is not read.
std::optional<H264SequenceInfo> parseH264SequenceParameterSet(std::string_view nalUnit, std::string* whyNot = nullptr);

}  // namespace sockstream::webrtc
