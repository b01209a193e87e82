#include "CodecConfigCheck.h"

#include "ByteReader.h"
#include "RtmpError.h"
#include "sockstream/codec/AvcDecoderConfig.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::rtmp::CodecConfigCheck {

void checkDecoderConfig(Codec codec, std::string_view record) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(record[i]); };
    switch (codec) {
    case Codec::H264: {
        codec::AvcDecoderConfig config;
        try {
            config = codec::AvcDecoderConfig::parse(record);
        } catch (const codec::RecordError& error) {
            throw RtmpError(error.what());
        }
        if (config.nalLengthSize != 4) throw RtmpError("H.264 NAL unit length size other than 4 is not supported");
        return;
    }
    case Codec::HEVC:
        if (record.size() < 23) throw RtmpError("HEVC decoder configuration record too short");
        if (byte(0) != 1) throw RtmpError("HEVC decoder configuration record version is not 1");
        if ((byte(21) & 0x03) != 3) throw RtmpError("HEVC NAL unit length size other than 4 is not supported");
        return;
    case Codec::AV1:
        if (record.size() < 4) throw RtmpError("AV1 codec configuration record too short");
        if (byte(0) != 0x81) throw RtmpError("AV1 codec configuration record has a bad marker or version");
        return;
    default:
        return;
    }
}

void checkLengthPrefixedUnits(std::string_view data) {
    ByteReader reader(data);
    while (!reader.atEnd()) {
        const std::uint32_t length = reader.u32("NAL unit length");
        if (length == 0 || length > reader.remaining())
            throw RtmpError("NAL unit length " + std::to_string(length) + " does not fit the frame");
        reader.skip(length, "NAL unit");
    }
}

}  // namespace sockstream::rtmp::CodecConfigCheck
