#include "sockstream/codec/OpusHead.h"

#include "RecordReader.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {

namespace {

constexpr std::string_view kMagic = "OpusHead";

enum class Order { Little, Big };

/// Reads the fields both forms share, after the magic and version.
OpusHead readFields(detail::RecordReader& reader, Order order, const char* record) {
    auto field = [&](std::size_t count, const char* what) {
        return order == Order::Little ? reader.littleEndian(count, what) : reader.bigEndian(count, what);
    };
    auto refuse = [record](const std::string& what) { throw RecordError(std::string(record) + " " + what); };
    OpusHead head;
    head.channels = reader.u8("channel count");
    if (head.channels == 0) refuse("has no channels");
    head.preSkip = static_cast<std::uint16_t>(field(2, "pre-skip"));
    head.inputSampleRate = static_cast<std::uint32_t>(field(4, "input sample rate"));
    head.outputGain = static_cast<std::int16_t>(static_cast<std::uint16_t>(field(2, "output gain")));
    head.mappingFamily = reader.u8("channel mapping family");
    if (head.mappingFamily == 0) {
        if (head.channels > 2) refuse("with channel mapping family 0 has " + std::to_string(head.channels) + " channels (at most 2)");
        head.streamCount = 1;
        head.coupledCount = head.channels == 2 ? 1 : 0;
        head.channelMapping = head.channels == 2 ? std::vector<std::uint8_t>{0, 1} : std::vector<std::uint8_t>{0};
        return head;
    }
    if (head.mappingFamily == 1 && head.channels > 8)
        refuse("with channel mapping family 1 has " + std::to_string(head.channels) + " channels (at most 8)");
    head.streamCount = reader.u8("stream count");
    head.coupledCount = reader.u8("coupled stream count");
    if (head.streamCount == 0) refuse("has no streams");
    if (head.coupledCount > head.streamCount) refuse("has more coupled streams than streams");
    const unsigned decoded = unsigned{head.streamCount} + head.coupledCount;
    if (decoded > 255) refuse("decodes more than 255 channels");
    const std::string_view mapping = reader.take(head.channels, "channel mapping");
    for (char entry : mapping) {
        const auto index = static_cast<std::uint8_t>(entry);
        if (index != 255 && index >= decoded)
            refuse("maps a channel to stream channel " + std::to_string(index) + " of " + std::to_string(decoded));
        head.channelMapping.push_back(index);
    }
    return head;
}

void writeFields(const OpusHead& head, std::string& out, Order order) {
    auto field = [&](std::uint64_t value, std::size_t count) {
        order == Order::Little ? detail::putLittleEndian(out, value, count) : detail::putBigEndian(out, value, count);
    };
    out.push_back(static_cast<char>(head.channels));
    field(head.preSkip, 2);
    field(head.inputSampleRate, 4);
    field(static_cast<std::uint16_t>(head.outputGain), 2);
    out.push_back(static_cast<char>(head.mappingFamily));
    if (head.mappingFamily == 0) return;
    out.push_back(static_cast<char>(head.streamCount));
    out.push_back(static_cast<char>(head.coupledCount));
    for (std::size_t i = 0; i < head.channels; ++i)
        out.push_back(static_cast<char>(i < head.channelMapping.size() ? head.channelMapping[i] : 255));
}

}  // namespace

OpusHead OpusHead::parseOpusHead(std::string_view bytes) {
    constexpr const char* kRecord = "OpusHead";
    detail::checkRecordSize(bytes, kMaxRecordBytes, kRecord);
    detail::RecordReader reader(bytes, kRecord);
    if (reader.take(kMagic.size(), "magic") != kMagic) throw RecordError("OpusHead does not start with \"OpusHead\"");
    const std::uint8_t version = reader.u8("version");
    // RFC 7845: the upper four bits are the major version; a player handles any 0.x, and 0.x later than 0.1 may add bytes.
    if (version == 0 || version > 0x0F)
        throw RecordError("OpusHead version " + std::to_string(version) + " is not one this server reads (1-15)");
    return readFields(reader, Order::Little, kRecord);
}

OpusHead OpusHead::parseDops(std::string_view bytes) {
    constexpr const char* kRecord = "Opus specific box (dOps)";
    detail::checkRecordSize(bytes, kMaxRecordBytes, kRecord);
    detail::RecordReader reader(bytes, kRecord);
    if (reader.u8("version") != 0) throw RecordError(std::string(kRecord) + " version is not 0");
    OpusHead head = readFields(reader, Order::Big, kRecord);
    if (reader.remaining() != 0)
        throw RecordError(std::string(kRecord) + " has " + std::to_string(reader.remaining()) + " bytes after its fields");
    return head;
}

std::string OpusHead::writeOpusHead() const {
    std::string out(kMagic);
    out.push_back(1);
    writeFields(*this, out, Order::Little);
    return out;
}

std::string OpusHead::writeDops() const {
    std::string out;
    out.push_back(0);
    writeFields(*this, out, Order::Big);
    return out;
}

}  // namespace sockstream::codec
