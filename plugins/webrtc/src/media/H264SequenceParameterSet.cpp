#include "H264SequenceParameterSet.h"

#include <cstdint>
#include <vector>

namespace sockstream::webrtc {

namespace {

constexpr std::size_t kMaxSpsBytes = 4096;
constexpr int kMaxDimension = 16384;
constexpr int kSpsNalType = 7;

/// Exp-Golomb bit reader over the RBSP; a read past the end sets `failed`.
class BitReader {
public:
    explicit BitReader(std::vector<std::uint8_t> bytes) : _bytes(std::move(bytes)) {}

    bool failed = false;

    std::uint32_t bits(int count) {
        std::uint32_t value = 0;
        for (int i = 0; i < count; ++i) value = (value << 1) | bit();
        return value;
    }
    std::uint32_t bit() {
        if (_position >= _bytes.size() * 8) {
            failed = true;
            return 0;
        }
        const std::uint32_t value = (_bytes[_position / 8] >> (7 - _position % 8)) & 1u;
        ++_position;
        return value;
    }
    std::uint32_t ue() {
        int zeros = 0;
        while (!failed && bit() == 0) {
            if (++zeros > 31) {
                failed = true;
                return 0;
            }
        }
        if (failed) return 0;
        return static_cast<std::uint32_t>((std::uint64_t{1} << zeros) - 1 + bits(zeros));
    }
    std::int32_t se() {
        const std::uint32_t code = ue();
        return (code & 1u) ? static_cast<std::int32_t>((code + 1) / 2) : -static_cast<std::int32_t>(code / 2);
    }

private:
    std::vector<std::uint8_t> _bytes;
    std::size_t _position = 0;
};

/// The RBSP: the payload without its emulation prevention bytes (00 00 03 -> 00 00).
std::vector<std::uint8_t> rbspOf(std::string_view payload) {
    std::vector<std::uint8_t> out;
    out.reserve(payload.size());
    int zeros = 0;
    for (const char c : payload) {
        const auto byte = static_cast<std::uint8_t>(c);
        if (zeros >= 2 && byte == 3) {
            zeros = 0;
            continue;
        }
        zeros = byte == 0 ? zeros + 1 : 0;
        out.push_back(byte);
    }
    return out;
}

void skipScalingList(BitReader& reader, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size && !reader.failed; ++j) {
        if (next != 0) next = (last + reader.se() + 256) % 256;
        last = next == 0 ? last : next;
    }
}

std::optional<H264SequenceInfo> refuse(std::string* whyNot, const char* why) {
    if (whyNot) *whyNot = why;
    return std::nullopt;
}

bool hasChromaInfo(int profileIdc) {
    switch (profileIdc) {
        case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128: case 138: case 139:
        case 134: case 135:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::optional<H264SequenceInfo> parseH264SequenceParameterSet(std::string_view nalUnit, std::string* whyNot) {
    if (nalUnit.size() < 4) return refuse(whyNot, "an H.264 SPS is at least 4 bytes");
    if (nalUnit.size() > kMaxSpsBytes) return refuse(whyNot, "an H.264 SPS over 4 KiB");
    if ((static_cast<std::uint8_t>(nalUnit[0]) & 0x1F) != kSpsNalType) return refuse(whyNot, "not an SPS NAL unit (type 7)");
    BitReader reader(rbspOf(nalUnit.substr(1)));
    H264SequenceInfo info;
    info.profileIdc = static_cast<int>(reader.bits(8));
    reader.bits(16);  // constraint flags, level_idc
    if (reader.ue() > 31) return refuse(whyNot, "seq_parameter_set_id over 31");
    std::uint32_t chromaFormat = 1;
    bool separateColourPlanes = false;
    if (hasChromaInfo(info.profileIdc)) {
        chromaFormat = reader.ue();
        if (chromaFormat > 3) return refuse(whyNot, "chroma_format_idc over 3");
        if (chromaFormat == 3) separateColourPlanes = reader.bit() != 0;
        if (reader.ue() > 6 || reader.ue() > 6) return refuse(whyNot, "bit depth over 14");
        reader.bit();  // qpprime_y_zero_transform_bypass_flag
        if (reader.bit()) {  // seq_scaling_matrix_present_flag
            const int lists = chromaFormat == 3 ? 12 : 8;
            for (int i = 0; i < lists && !reader.failed; ++i)
                if (reader.bit()) skipScalingList(reader, i < 6 ? 16 : 64);
        }
    }
    if (reader.ue() > 12) return refuse(whyNot, "log2_max_frame_num_minus4 over 12");
    const std::uint32_t pocType = reader.ue();
    if (pocType == 0) {
        if (reader.ue() > 12) return refuse(whyNot, "log2_max_pic_order_cnt_lsb_minus4 over 12");
    } else if (pocType == 1) {
        reader.bit();
        reader.se();
        reader.se();
        const std::uint32_t cycle = reader.ue();
        if (cycle > 255) return refuse(whyNot, "num_ref_frames_in_pic_order_cnt_cycle over 255");
        for (std::uint32_t i = 0; i < cycle && !reader.failed; ++i) reader.se();
    } else if (pocType != 2) {
        return refuse(whyNot, "pic_order_cnt_type over 2");
    }
    reader.ue();   // max_num_ref_frames
    reader.bit();  // gaps_in_frame_num_value_allowed_flag
    const std::uint32_t widthInMbs = reader.ue() + 1;
    const std::uint32_t heightInMapUnits = reader.ue() + 1;
    const bool frameMbsOnly = reader.bit() != 0;
    if (!frameMbsOnly) reader.bit();  // mb_adaptive_frame_field_flag
    reader.bit();                     // direct_8x8_inference_flag
    std::uint32_t crop[4] = {0, 0, 0, 0};
    if (reader.bit())
        for (auto& side : crop) side = reader.ue();
    if (reader.failed) return refuse(whyNot, "the SPS ends too early or has an over-long exp-Golomb code");
    const std::uint64_t width = std::uint64_t{widthInMbs} * 16;
    const std::uint64_t height = std::uint64_t{heightInMapUnits} * 16 * (frameMbsOnly ? 1 : 2);
    if (width > kMaxDimension || height > kMaxDimension) return refuse(whyNot, "a picture over 16384x16384");
    // Cropping is counted in chroma samples (Table 6-1), times two for field pictures.
    const std::uint64_t unitX = (chromaFormat == 1 || chromaFormat == 2) && !separateColourPlanes ? 2 : 1;
    const std::uint64_t unitY = (chromaFormat == 1 && !separateColourPlanes ? 2 : 1) * (frameMbsOnly ? 1 : 2);
    const std::uint64_t cropX = unitX * (std::uint64_t{crop[0]} + crop[1]);
    const std::uint64_t cropY = unitY * (std::uint64_t{crop[2]} + crop[3]);
    if (cropX >= width || cropY >= height) return refuse(whyNot, "cropping larger than the picture");
    info.width = static_cast<int>(width - cropX);
    info.height = static_cast<int>(height - cropY);
    return info;
}

}  // namespace sockstream::webrtc
