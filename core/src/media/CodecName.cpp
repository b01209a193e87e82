#include "sockstream/media/MediaTypes.h"

namespace sockstream {

std::string_view codecName(Codec codec) {
    switch (codec) {
        case Codec::H264: return "h264";
        case Codec::HEVC: return "hevc";
        case Codec::AV1: return "av1";
        case Codec::AAC: return "aac";
        case Codec::MP3: return "mp3";
        case Codec::Opus: return "opus";
        case Codec::Unknown: break;
    }
    return "unknown";
}

}  // namespace sockstream
