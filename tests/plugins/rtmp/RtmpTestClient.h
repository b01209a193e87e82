#pragma once

// Builds what an encoder sends and decodes what the server answers, from the
// protocol library's own writer/reader (each tested on its own elsewhere).
#include <optional>
#include <string>
#include <vector>

#include "Amf0Reader.h"
#include "Amf0Writer.h"
#include "ByteReader.h"
#include "ByteWriter.h"
#include "ChunkReader.h"
#include "ChunkWriter.h"
#include "RtmpMessage.h"

namespace sockstream::rtmp::test {

inline std::string plainC0C1() {
    std::string bytes(1 + 1536, '\x11');
    bytes[0] = 3;
    for (int i = 1; i < 9; ++i) bytes[i] = 0;  // time and zero version: plain handshake
    return bytes;
}

inline std::string message(std::uint32_t csid, std::uint8_t type, std::uint32_t streamId, std::uint32_t timestamp,
                           std::string payload, std::uint32_t chunkSize = 128) {
    RtmpMessage m{csid, type, streamId, timestamp, std::move(payload)};
    ChunkWriter writer;
    writer.setChunkSize(chunkSize);
    std::string out;
    writer.write(m, out);
    return out;
}

inline std::string command(const std::vector<Amf0Value>& values, std::uint32_t streamId = 0) {
    Amf0Writer amf;
    for (const auto& v : values) amf.value(v);
    return message(3, MessageType::Amf0Command, streamId, 0, amf.take());
}

inline Amf0Value connectObject(const std::string& app) {
    Amf0Value object = Amf0Value::object();
    object.set("app", Amf0Value::string(app));
    object.set("type", Amf0Value::string("nonprivate"));
    object.set("flashVer", Amf0Value::string("FMLE/3.0 (compatible; FMSc/1.0)"));
    object.set("tcUrl", Amf0Value::string("rtmp://127.0.0.1/" + app));
    return object;
}

/// Decodes the server's side: S0+S1+S2, then chunks (honouring Set Chunk Size).
class ServerOutput {
public:
    void append(const std::string& bytes) { _bytes += bytes; }

    std::vector<RtmpMessage> messages() {
        std::vector<RtmpMessage> out;
        if (_bytes.size() < _offset) return out;
        if (_offset == 0) {
            if (_bytes.size() < 3073) return out;
            _offset = 3073;
        }
        for (;;) {
            std::optional<RtmpMessage> m;
            const auto used = _reader.read(reinterpret_cast<const std::uint8_t*>(_bytes.data()) + _offset,
                                           _bytes.size() - _offset, m);
            if (used == 0) break;
            _offset += used;
            if (!m) continue;
            if (m->type == MessageType::SetChunkSize) _reader.setChunkSize(ByteReader(m->payload).u32("size"));
            out.push_back(std::move(*m));
        }
        return out;
    }
    const std::string& raw() const { return _bytes; }

    /// Commands among `messages`, decoded.
    static std::vector<std::vector<Amf0Value>> commands(const std::vector<RtmpMessage>& messages) {
        std::vector<std::vector<Amf0Value>> out;
        for (const auto& m : messages)
            if (m.type == MessageType::Amf0Command) out.push_back(Amf0Reader(m.payload, 16).readAll());
        return out;
    }

private:
    RtmpLimits _limits{};
    std::string _bytes;
    std::size_t _offset = 0;
    ChunkReader _reader{_limits};
};

}  // namespace sockstream::rtmp::test
