#include "FlvVideoTag.h"

#include "ByteReader.h"
#include "CodecConfigCheck.h"
#include "RtmpError.h"

namespace sockstream::rtmp {

namespace {

constexpr std::uint32_t fourCc(const char (&s)[5]) {
    return (static_cast<std::uint32_t>(s[0]) << 24) | (s[1] << 16) | (s[2] << 8) | s[3];
}

// Enhanced RTMP PacketType values.
enum ExPacketType : std::uint8_t {
    SequenceStart = 0, CodedFrames = 1, SequenceEnd = 2, CodedFramesX = 3,
    Metadata = 4, Mpeg2TsSequenceStart = 5, Multitrack = 6, ModEx = 7,
};

constexpr std::uint8_t kCommandFrame = 5;

bool isKeyframe(std::uint8_t frameType) { return frameType == 1 || frameType == 4; }

FlvVideoTag ignored(std::string reason) {
    FlvVideoTag tag;
    tag.ignoredReason = std::move(reason);
    return tag;
}

void finishFrame(FlvVideoTag& tag, ByteReader& reader) {
    tag.data.assign(reinterpret_cast<const char*>(reader.current()), reader.remaining());
    if (tag.kind == FlvVideoTag::Kind::SequenceStart) {
        CodecConfigCheck::checkDecoderConfig(tag.codec, tag.data);
    } else if (tag.kind == FlvVideoTag::Kind::CodedFrame) {
        if (tag.data.empty()) {
            tag.kind = FlvVideoTag::Kind::Ignored;
            tag.ignoredReason = "empty frame";
        } else if (tag.codec == Codec::H264 || tag.codec == Codec::HEVC) {
            CodecConfigCheck::checkLengthPrefixedUnits(tag.data);
        }
    }
}

FlvVideoTag parseEnhanced(std::uint8_t first, ByteReader& reader) {
    const std::uint8_t frameType = (first >> 4) & 0x07;
    const std::uint8_t packetType = first & 0x0F;
    if (packetType == Multitrack || packetType == ModEx)
        return ignored("enhanced RTMP multitrack/ModEx packets are not supported");
    const std::uint32_t code = reader.u32("video FourCC");
    FlvVideoTag tag;
    if (code == fourCc("avc1")) tag.codec = Codec::H264;
    else if (code == fourCc("hvc1")) tag.codec = Codec::HEVC;
    else if (code == fourCc("av01")) tag.codec = Codec::AV1;
    else return ignored("unsupported video FourCC");
    if (frameType == kCommandFrame && packetType != SequenceStart && packetType != SequenceEnd)
        return ignored("video command frame");

    switch (packetType) {
    case SequenceStart:
        tag.kind = FlvVideoTag::Kind::SequenceStart;
        break;
    case CodedFrames:
        tag.kind = FlvVideoTag::Kind::CodedFrame;
        // Only the NAL-unit codecs carry a composition time here.
        if (tag.codec != Codec::AV1) tag.compositionTime = reader.s24("composition time");
        break;
    case CodedFramesX:
        tag.kind = FlvVideoTag::Kind::CodedFrame;
        break;
    case SequenceEnd:
        tag.kind = FlvVideoTag::Kind::SequenceEnd;
        return tag;
    default:
        return ignored("enhanced RTMP metadata or MPEG-2 TS sequence start");
    }
    tag.keyframe = isKeyframe(frameType);
    finishFrame(tag, reader);
    return tag;
}

FlvVideoTag parseLegacy(std::uint8_t first, ByteReader& reader) {
    const std::uint8_t frameType = first >> 4;
    const std::uint8_t codecId = first & 0x0F;
    if (codecId != 7) return ignored("unsupported FLV video codec id " + std::to_string(codecId));
    if (frameType == kCommandFrame) return ignored("video command frame");
    FlvVideoTag tag;
    tag.codec = Codec::H264;
    const std::uint8_t packetType = reader.u8("AVC packet type");
    const std::int32_t compositionTime = reader.s24("composition time");
    switch (packetType) {
    case 0: tag.kind = FlvVideoTag::Kind::SequenceStart; break;
    case 1: tag.kind = FlvVideoTag::Kind::CodedFrame; break;
    case 2: tag.kind = FlvVideoTag::Kind::SequenceEnd; return tag;
    default: throw RtmpError("unknown AVC packet type " + std::to_string(packetType));
    }
    tag.compositionTime = tag.kind == FlvVideoTag::Kind::CodedFrame ? compositionTime : 0;
    tag.keyframe = isKeyframe(frameType);
    finishFrame(tag, reader);
    return tag;
}

}  // namespace

FlvVideoTag FlvVideoTag::parse(std::string_view payload) {
    if (payload.empty()) return ignored("empty video message");
    ByteReader reader(payload);
    const std::uint8_t first = reader.u8("video tag header");
    return (first & 0x80) ? parseEnhanced(first, reader) : parseLegacy(first, reader);
}

}  // namespace sockstream::rtmp
