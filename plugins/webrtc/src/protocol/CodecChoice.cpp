#include "CodecChoice.h"

#include <strings.h>

namespace sockstream::webrtc {

namespace {
bool named(const SdpCodec& codec, const char* name) { return strcasecmp(codec.name.c_str(), name) == 0; }

/// profile_idc and profile_iop from profile-level-id (6 hex digits), or nullopt.
std::optional<std::pair<int, int>> profile(const SdpCodec& codec) {
    const auto id = codec.fmtpParameter("profile-level-id");
    if (!id || id->size() != 6) return std::nullopt;
    try {
        std::size_t used = 0;
        const int value = std::stoi(*id, &used, 16);
        if (used != 6) return std::nullopt;
        return std::make_pair(value >> 16, (value >> 8) & 0xFF);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}
}  // namespace

const SdpCodec* chooseH264(const SdpMedia& media, std::optional<int> streamProfileIdc) {
    const SdpCodec* sameProfile = nullptr;
    const SdpCodec* constrainedBaseline = nullptr;
    const SdpCodec* any = nullptr;
    for (const auto& codec : media.codecs) {
        if (!named(codec, "H264") || codec.clockRate != 90000) continue;
        if (codec.fmtpParameter("packetization-mode") != "1") continue;
        const auto p = profile(codec);
        if (!any) any = &codec;
        if (!p) continue;
        if (streamProfileIdc && p->first == *streamProfileIdc && !sameProfile) sameProfile = &codec;
        // Constrained Baseline: profile_idc 0x42 with constraint_set1 (0x40).
        if (p->first == 0x42 && (p->second & 0x40) && !constrainedBaseline) constrainedBaseline = &codec;
    }
    if (sameProfile) return sameProfile;
    if (constrainedBaseline) return constrainedBaseline;
    return any;
}

const SdpCodec* chooseVp8(const SdpMedia& media) {
    for (const auto& codec : media.codecs)
        if (named(codec, "VP8") && codec.clockRate == 90000) return &codec;
    return nullptr;
}

const SdpCodec* chooseWhipVideo(const SdpMedia& media) {
    if (const auto* h264 = chooseH264(media, std::nullopt)) return h264;
    return chooseVp8(media);
}

const SdpCodec* chooseOpus(const SdpMedia& media) {
    for (const auto& codec : media.codecs)
        if (named(codec, "opus") && codec.clockRate == 48000 && codec.channels == 2) return &codec;
    return nullptr;
}

}  // namespace sockstream::webrtc
