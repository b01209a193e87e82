#include "StreamMetadata.h"

#include <cmath>
#include <cstdint>

namespace sockstream::rtmp {

namespace {

std::uint32_t fourCc(const char (&s)[5]) {
    return (static_cast<std::uint32_t>(s[0]) << 24) | (s[1] << 16) | (s[2] << 8) | s[3];
}

Codec videoCodecOf(const Amf0Value& v) {
    if (v.isNumber()) {
        const double n = v.asNumber();
        if (n == 7 || n == fourCc("avc1")) return Codec::H264;
        if (n == 12 || n == fourCc("hvc1")) return Codec::HEVC;
        if (n == fourCc("av01")) return Codec::AV1;
    } else if (v.isString()) {
        const auto& s = v.asString();
        if (s == "avc1" || s == "h264") return Codec::H264;
        if (s == "hvc1" || s == "hev1") return Codec::HEVC;
        if (s == "av01") return Codec::AV1;
    }
    return Codec::Unknown;
}

Codec audioCodecOf(const Amf0Value& v) {
    if (v.isNumber()) {
        const double n = v.asNumber();
        if (n == 10 || n == fourCc("mp4a")) return Codec::AAC;
        if (n == 2 || n == fourCc(".mp3")) return Codec::MP3;
        if (n == fourCc("Opus")) return Codec::Opus;
    } else if (v.isString()) {
        const auto& s = v.asString();
        if (s == "mp4a" || s == "aac") return Codec::AAC;
        if (s == ".mp3" || s == "mp3") return Codec::MP3;
        if (s == "Opus") return Codec::Opus;
    }
    return Codec::Unknown;
}

int clampedInt(double value, double max) {
    if (!std::isfinite(value) || value < 0 || value > max) return 0;
    return static_cast<int>(value);
}

}  // namespace

StreamMetadata StreamMetadata::fromAmf(const Amf0Value& value) {
    StreamMetadata meta;
    if (!value.hasProperties()) return meta;
    if (const auto* v = value.find("videocodecid")) {
        meta.hasVideo = true;
        meta.videoCodec = videoCodecOf(*v);
    }
    if (const auto* v = value.find("audiocodecid")) {
        meta.hasAudio = true;
        meta.audioCodec = audioCodecOf(*v);
    }
    meta.width = clampedInt(value.numberProperty("width"), 65535);
    meta.height = clampedInt(value.numberProperty("height"), 65535);
    const double fps = value.numberProperty("framerate", value.numberProperty("fps"));
    meta.frameRate = std::isfinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    meta.videoBitrateKbps = clampedInt(value.numberProperty("videodatarate"), 10'000'000);
    meta.audioBitrateKbps = clampedInt(value.numberProperty("audiodatarate"), 10'000'000);
    meta.sampleRate = clampedInt(value.numberProperty("audiosamplerate"), 1'000'000);
    if (const auto* v = value.find("audiochannels"); v && v->isNumber()) meta.channels = clampedInt(v->asNumber(), 64);
    else if (const auto* s = value.find("stereo"); s && s->isBoolean()) meta.channels = s->asBoolean() ? 2 : 1;
    meta.encoder = value.stringProperty("encoder").substr(0, 256);
    return meta;
}

}  // namespace sockstream::rtmp
