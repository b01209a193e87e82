#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::codec {

/// Opus's identification header, in the two forms a server meets:
///   - OpusHead (RFC 7845 5.1): "OpusHead", version, little-endian fields; what
///     Ogg, Matroska/WebM (CodecPrivate) and WebRTC-to-file tools carry;
///   - the MP4 dOps box's payload ("Encapsulation of Opus in ISO Base Media
///     File Format" 4.3.2): version 0, the same fields big-endian, no magic.
/// The fields are the same, so one struct reads and writes both.
struct OpusHead {
    /// Larger headers are refused: the largest valid one is 19 + 2 + 255 bytes.
    static constexpr std::size_t kMaxRecordBytes = 1024;

    std::uint8_t channels = 2;          ///< output channel count, 1-255
    std::uint16_t preSkip = 312;        ///< 48 kHz samples to drop at the start
    std::uint32_t inputSampleRate = 0;  ///< informational only: Opus always decodes at 48 kHz; 0: unknown
    std::int16_t outputGain = 0;        ///< Q7.8 dB to apply
    std::uint8_t mappingFamily = 0;     ///< 0: mono/stereo, 1: Vorbis order (up to 8), 255: undefined, others: see RFC 8486
    /// Family 0 leaves these implied (one stream, coupled when stereo, mapping 0[,1]).
    std::uint8_t streamCount = 1;
    std::uint8_t coupledCount = 1;
    std::vector<std::uint8_t> channelMapping;  ///< one entry per channel; 255: silence

    /// RFC 7845 OpusHead. Throws RecordError on the wrong magic, a version
    /// whose major part is not 0 (0x00-0x0F are read; later minor versions may
    /// add bytes, which are ignored), no channels, family 0 with more than two
    /// channels, family 1 with more than eight, a table that does not fit or
    /// is inconsistent (no streams, more coupled streams than streams, more
    /// than 255 streams in all, a mapping entry beyond the streams), or a
    /// header over the limit.
    static OpusHead parseOpusHead(std::string_view bytes);
    /// The dOps box payload (without its box header), checked the same way; its version must be 0.
    static OpusHead parseDops(std::string_view bytes);

    /// Version 1 OpusHead, 19 bytes plus the table for families other than 0.
    std::string writeOpusHead() const;
    /// Version 0 dOps payload.
    std::string writeDops() const;

    /// RFC 6381 codec string: "opus".
    std::string codecString() const { return "opus"; }
};

}  // namespace sockstream::codec
