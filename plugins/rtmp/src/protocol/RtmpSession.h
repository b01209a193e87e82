#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "Amf0Value.h"
#include "BroadcastAssembler.h"
#include "ChunkReader.h"
#include "ChunkWriter.h"
#include "RtmpLimits.h"
#include "RtmpMessage.h"
#include "ServerHandshake.h"
#include "SessionEvents.h"

namespace sockstream::rtmp {

/// One publishing client, from the handshake to unpublish: control messages,
/// the command state machine with the replies encoders wait for, and media
/// handed to a BroadcastAssembler. Knows nothing of sockets or the core.
/// Not thread-safe: the owner serialises calls.
class RtmpSession {
public:
    enum class State { Handshake, Connecting, Connected, Authorizing, Publishing, Unpublished, Closed };

    RtmpSession(const RtmpLimits& limits, std::string application, SessionEvents& events);

    /// Bytes from the peer. Throws RtmpError for malformed input; the caller
    /// closes the connection then.
    void feed(const std::uint8_t* data, std::size_t size);
    /// The stream key was accepted: replies NetStream.Publish.Start and goes on.
    void acceptPublish();
    /// The stream key was refused: replies with the error status and asks to close.
    void refusePublish(const std::string& statusCode, const std::string& description);

    /// For a resumed broadcast: where its timeline continues (call before acceptPublish).
    void continueTimelineAt(std::int64_t dts) { _assembler.continueTimelineAt(dts); }

    State state() const { return _state; }
    bool handshakeDone() const { return _handshake.done(); }
    bool usedDigestHandshake() const { return _handshake.usedDigest(); }
    const std::string& application() const { return _application; }

private:
    /// Handshake and chunks from `data`; returns the bytes used.
    std::size_t consume(const std::uint8_t* data, std::size_t size);
    void drainInput();
    void handleMessage(RtmpMessage& message);
    void handleUserControl(const RtmpMessage& message);
    void handleCommand(const RtmpMessage& message);
    void handleData(const RtmpMessage& message);
    void handleMedia(const RtmpMessage& message);

    void onConnect(double transaction, const std::vector<Amf0Value>& args);
    void onCreateStream(double transaction);
    void onPublish(std::uint32_t streamId, const std::vector<Amf0Value>& args);
    void onUnpublish();

    void sendMessage(std::uint32_t chunkStreamId, std::uint8_t type, std::uint32_t streamId, std::string payload);
    void sendControl(std::uint8_t type, std::uint32_t value);
    void sendResult(double transaction, const Amf0Value& properties, const Amf0Value& information);
    void sendStatus(const std::string& level, const std::string& code, const std::string& description);
    void sendAcknowledgementIfDue();
    void refuse(const std::string& code, const std::string& description, const std::string& why);

    const RtmpLimits& _limits;
    std::string _application;
    SessionEvents& _events;
    ServerHandshake _handshake;
    ChunkReader _reader;
    ChunkWriter _writer;
    BroadcastAssembler _assembler;
    State _state = State::Handshake;
    std::string _input;
    std::uint64_t _bytesReceived = 0;
    std::uint64_t _bytesAcknowledged = 0;
    std::uint32_t _peerWindowAckSize = 0;
    std::uint32_t _nextStreamId = 1;
    std::uint32_t _publishStreamId = 0;
    bool _suspended = false;
    bool _processing = false;
};

}  // namespace sockstream::rtmp
