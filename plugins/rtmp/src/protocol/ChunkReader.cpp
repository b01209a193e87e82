#include "ChunkReader.h"

#include <algorithm>

#include "RtmpError.h"

namespace sockstream::rtmp {

namespace {
constexpr std::uint32_t kExtendedTimestamp = 0xFFFFFF;
constexpr std::size_t kMessageHeaderSize[4] = {11, 7, 3, 0};
}  // namespace

ChunkReader::ChunkReader(const RtmpLimits& limits) : _limits(limits) {}

void ChunkReader::setChunkSize(std::uint32_t size) {
    if (size < _limits.minChunkSize || size > _limits.maxChunkSize)
        throw RtmpError("chunk size " + std::to_string(size) + " outside " + std::to_string(_limits.minChunkSize) +
                        ".." + std::to_string(_limits.maxChunkSize));
    _chunkSize = size;
}

void ChunkReader::abort(std::uint32_t chunkStreamId) {
    auto it = _streams.find(chunkStreamId);
    if (it == _streams.end()) return;
    _partialBytes -= it->second.partial.size();
    it->second.partial.clear();
    it->second.partial.shrink_to_fit();
    it->second.inProgress = false;
}

std::size_t ChunkReader::read(const std::uint8_t* data, std::size_t size, std::optional<RtmpMessage>& message) {
    message.reset();
    if (size < 1) return 0;
    std::size_t pos = 0;
    const std::uint8_t first = data[pos++];
    const unsigned format = first >> 6;
    std::uint32_t chunkStreamId = first & 0x3F;
    if (chunkStreamId == 0) {
        if (size < pos + 1) return 0;
        chunkStreamId = 64 + data[pos++];
    } else if (chunkStreamId == 1) {
        if (size < pos + 2) return 0;
        chunkStreamId = 64 + data[pos] + (static_cast<std::uint32_t>(data[pos + 1]) << 8);
        pos += 2;
    }
    if (chunkStreamId < 2) throw RtmpError("chunk stream id 0 and 1 are reserved");

    if (size < pos + kMessageHeaderSize[format]) return 0;
    auto existing = _streams.find(chunkStreamId);
    const bool known = existing != _streams.end();
    if (!known) {
        if (format != 0) throw RtmpError("chunk stream " + std::to_string(chunkStreamId) + " starts without a type 0 header");
        if (_streams.size() >= _limits.maxChunkStreams)
            throw RtmpError("more than " + std::to_string(_limits.maxChunkStreams) + " chunk streams");
    }
    // Nothing changes unless the whole chunk is present, so the header is
    // decoded into locals first.
    static const ChunkStream kFresh{};
    const ChunkStream& previous = known ? existing->second : kFresh;

    auto u24 = [&](std::size_t at) {
        return (static_cast<std::uint32_t>(data[at]) << 16) | (data[at + 1] << 8) | data[at + 2];
    };
    std::uint32_t timestampField = previous.timestampField;
    std::uint32_t length = previous.length;
    std::uint8_t type = previous.type;
    std::uint32_t streamId = previous.streamId;
    if (format <= 2) timestampField = u24(pos);
    if (format <= 1) {
        length = u24(pos + 3);
        type = data[pos + 6];
    }
    if (format == 0) {
        streamId = data[pos + 7] | (data[pos + 8] << 8) | (data[pos + 9] << 16) |
                   (static_cast<std::uint32_t>(data[pos + 10]) << 24);
    }
    pos += kMessageHeaderSize[format];

    bool extended = format <= 2 ? timestampField == kExtendedTimestamp : previous.extended;
    std::uint32_t timestampValue = timestampField;
    if (extended) {
        if (size < pos + 4) return 0;
        timestampValue = (static_cast<std::uint32_t>(data[pos]) << 24) | (data[pos + 1] << 16) |
                         (data[pos + 2] << 8) | data[pos + 3];
        pos += 4;
    }

    if (previous.inProgress && format <= 1 && (length != previous.length || type != previous.type))
        throw RtmpError("message length or type changed mid-message on chunk stream " + std::to_string(chunkStreamId));
    if (length > _limits.maxMessageSize)
        throw RtmpError("message of " + std::to_string(length) + " bytes exceeds the limit of " +
                        std::to_string(_limits.maxMessageSize));

    const std::size_t already = previous.inProgress ? previous.partial.size() : 0;
    const std::size_t piece = std::min<std::size_t>(_chunkSize, length - already);
    if (size < pos + piece) return 0;
    if (piece < length - already && _partialBytes + piece > _limits.maxPartialBytes)
        throw RtmpError("more than " + std::to_string(_limits.maxPartialBytes) + " bytes of unfinished messages");

    ChunkStream& state = known ? existing->second : _streams[chunkStreamId];
    if (!state.inProgress) {
        if (format == 0) state.timestamp = timestampValue;
        else state.timestamp += timestampValue;
        state.inProgress = true;
        state.partial.clear();
    }
    const bool completes = already + piece == length;
    state.hasHeader = true;
    state.timestampField = extended ? timestampValue : timestampField;
    state.extended = extended;
    state.length = length;
    state.type = type;
    state.streamId = streamId;
    state.partial.append(reinterpret_cast<const char*>(data + pos), piece);
    pos += piece;
    if (completes) _partialBytes -= already;
    else _partialBytes += piece;

    if (state.partial.size() == state.length) {
        RtmpMessage complete;
        complete.chunkStreamId = chunkStreamId;
        complete.type = state.type;
        complete.streamId = state.streamId;
        complete.timestamp = state.timestamp;
        complete.payload = std::move(state.partial);
        state.partial = std::string();
        state.inProgress = false;
        message = std::move(complete);
    }
    return pos;
}

}  // namespace sockstream::rtmp
