#include "RtmpSession.h"

#include <cctype>
#include <chrono>

#include "Amf0Reader.h"
#include "Amf0Writer.h"
#include "ByteReader.h"
#include "ByteWriter.h"
#include "FlvAudioTag.h"
#include "FlvVideoTag.h"
#include "RtmpError.h"
#include "StreamMetadata.h"

namespace sockstream::rtmp {

namespace {

constexpr std::uint32_t kControlChunkStream = 2;
constexpr std::uint32_t kCommandChunkStream = 3;
constexpr std::uint32_t kStatusChunkStream = 5;

constexpr std::uint16_t kStreamBegin = 0;
constexpr std::uint16_t kPingRequest = 6;
constexpr std::uint16_t kPingResponse = 7;

std::string commandName(const std::vector<Amf0Value>& values) {
    return !values.empty() && values[0].isString() ? values[0].asString() : std::string();
}

/// A command name as error messages quote it: command names are identifiers,
/// so anything else (a newline forging a log line, say) shows as '?'.
std::string quotableName(const std::string& name) {
    std::string shown = name.substr(0, 32);
    for (char& c : shown)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '@' && c != '.' && c != '-') c = '?';
    return shown;
}

// "live/" and "live?arg=1" name the same application.
std::string normalizedApplication(std::string app) {
    if (auto q = app.find('?'); q != std::string::npos) app.erase(q);
    while (!app.empty() && app.back() == '/') app.pop_back();
    return app;
}

}  // namespace

RtmpSession::RtmpSession(const RtmpLimits& limits, std::string application, SessionEvents& events)
    : _limits(limits),
      _application(std::move(application)),
      _events(events),
      _reader(limits),
      _assembler(limits, events) {}

void RtmpSession::feed(const std::uint8_t* data, std::size_t size) {
    if (_state == State::Closed) return;
    _bytesReceived += size;
    if (_input.empty()) {
        // The common case: parse straight from the caller's buffer, keep only the tail.
        const std::size_t used = consume(data, size);
        _input.assign(reinterpret_cast<const char*>(data) + used, size - used);
    } else {
        _input.append(reinterpret_cast<const char*>(data), size);
        drainInput();
    }
    if (_suspended && _input.size() > _limits.maxSuspendedInputBytes)
        throw RtmpError("too much input while the stream key is checked");
    if (_state != State::Closed) sendAcknowledgementIfDue();
}

void RtmpSession::drainInput() {
    const std::size_t used = consume(reinterpret_cast<const std::uint8_t*>(_input.data()), _input.size());
    _input.erase(0, used);
}

std::size_t RtmpSession::consume(const std::uint8_t* data, std::size_t size) {
    // acceptPublish() may run from inside a publishRequested() callback: the
    // loop below then simply goes on.
    if (_processing) return 0;
    _processing = true;
    std::size_t offset = 0;
    try {
        if (!_handshake.done()) {
            std::string reply;
            offset += _handshake.feed(data, size, reply);
            if (!reply.empty()) _events.sendBytes(std::move(reply));
            if (_handshake.done()) _state = State::Connecting;
        }
        while (_handshake.done() && !_suspended && _state != State::Closed && offset < size) {
            std::optional<RtmpMessage> message;
            const std::size_t used = _reader.read(data + offset, size - offset, message);
            if (used == 0) break;
            offset += used;
            if (message) handleMessage(*message);
        }
    } catch (...) {
        _processing = false;
        throw;
    }
    _processing = false;
    return offset;
}

void RtmpSession::handleMessage(RtmpMessage& message) {
    ByteReader reader(message.payload);
    switch (message.type) {
    case MessageType::SetChunkSize: {
        const std::uint32_t size = reader.u32("Set Chunk Size") & 0x7FFFFFFF;
        _reader.setChunkSize(size);
        return;
    }
    case MessageType::Abort:
        _reader.abort(reader.u32("Abort Message"));
        return;
    case MessageType::Acknowledgement:
        reader.u32("Acknowledgement");
        return;
    case MessageType::UserControl:
        handleUserControl(message);
        return;
    case MessageType::WindowAckSize:
        _peerWindowAckSize = reader.u32("Window Acknowledgement Size");
        return;
    case MessageType::SetPeerBandwidth:
        reader.u32("Set Peer Bandwidth");
        return;
    case MessageType::Amf0Command:
    case MessageType::Amf3Command:
        handleCommand(message);
        return;
    case MessageType::Amf0Data:
    case MessageType::Amf3Data:
        handleData(message);
        return;
    case MessageType::Audio:
    case MessageType::Video:
        handleMedia(message);
        return;
    default:
        return;  // aggregate and shared-object messages are not used by encoders
    }
}

void RtmpSession::handleUserControl(const RtmpMessage& message) {
    ByteReader reader(message.payload);
    const std::uint16_t event = reader.u16("User Control event type");
    if (event == kPingRequest) {
        const std::uint32_t timestamp = reader.u32("Ping Request timestamp");
        std::string payload;
        ByteWriter w(payload);
        w.u16(kPingResponse);
        w.u32(timestamp);
        sendMessage(kControlChunkStream, MessageType::UserControl, 0, std::move(payload));
    }
}

void RtmpSession::handleCommand(const RtmpMessage& message) {
    std::string_view body(message.payload);
    // AMF3 command messages start with a format byte, then AMF0 values.
    if (message.type == MessageType::Amf3Command && !body.empty() && body[0] == 0) body.remove_prefix(1);
    const auto values = Amf0Reader(body, _limits.maxAmfDepth, _limits.maxAmfValues).readAll();
    const std::string name = commandName(values);
    const double transaction = values.size() > 1 && values[1].isNumber() ? values[1].asNumber() : 0;

    if (name == "connect") {
        onConnect(transaction, values);
        return;
    }
    if (_state == State::Connecting) throw RtmpError("command '" + quotableName(name) + "' before connect");
    if (name == "releaseStream" || name == "FCPublish") {
        sendResult(transaction, Amf0Value::null(), Amf0Value::undefined());
    } else if (name == "createStream") {
        onCreateStream(transaction);
    } else if (name == "publish") {
        onPublish(message.streamId, values);
    } else if (name == "FCUnpublish" || name == "deleteStream" || name == "closeStream") {
        onUnpublish();
    } else if (name == "play" || name == "play2") {
        refuse("NetStream.Play.Failed", "This server only accepts publishing", "client tried to play");
    }
    // Other commands (getStreamLength, _checkbw, ...) need no answer.
}

void RtmpSession::handleData(const RtmpMessage& message) {
    if (_state != State::Publishing) return;
    std::string_view body(message.payload);
    if (message.type == MessageType::Amf3Data && !body.empty() && body[0] == 0) body.remove_prefix(1);
    const auto values = Amf0Reader(body, _limits.maxAmfDepth, _limits.maxAmfValues).readAll();
    std::size_t index = 0;
    if (commandName(values) == "@setDataFrame") index = 1;
    if (values.size() > index + 1 && values[index].isString() && values[index].asString() == "onMetaData")
        _assembler.onMetadata(StreamMetadata::fromAmf(values[index + 1]));
}

void RtmpSession::handleMedia(const RtmpMessage& message) {
    if (_state == State::Unpublished) return;
    if (_state != State::Publishing) throw RtmpError("media before publish");
    if (message.streamId != _publishStreamId) return;
    const auto now = std::chrono::system_clock::now();
    if (message.type == MessageType::Video)
        _assembler.onVideo(FlvVideoTag::parse(message.payload), message.timestamp, now);
    else _assembler.onAudio(FlvAudioTag::parse(message.payload), message.timestamp, now);
}

void RtmpSession::onConnect(double transaction, const std::vector<Amf0Value>& args) {
    if (_state != State::Connecting) throw RtmpError("second connect on one connection");
    if (args.size() < 3 || !args[2].hasProperties()) throw RtmpError("connect without a command object");
    const Amf0Value& command = args[2];
    if (normalizedApplication(command.stringProperty("app")) != _application) {
        refuse("NetConnection.Connect.Rejected", "Unknown application", "unknown application");
        return;
    }
    _assembler.setFallbackEncoder(command.stringProperty("flashVer").substr(0, 256));
    _state = State::Connected;

    sendControl(MessageType::WindowAckSize, _limits.windowAckSize);
    std::string bandwidth;
    ByteWriter w(bandwidth);
    w.u32(_limits.windowAckSize);
    w.u8(2);  // dynamic
    sendMessage(kControlChunkStream, MessageType::SetPeerBandwidth, 0, std::move(bandwidth));
    sendControl(MessageType::SetChunkSize, _limits.outChunkSize);
    _writer.setChunkSize(_limits.outChunkSize);

    Amf0Value properties = Amf0Value::object();
    properties.set("fmsVer", Amf0Value::string("FMS/3,5,7,7009"));
    properties.set("capabilities", Amf0Value::number(31));
    Amf0Value information = Amf0Value::object();
    information.set("level", Amf0Value::string("status"));
    information.set("code", Amf0Value::string("NetConnection.Connect.Success"));
    information.set("description", Amf0Value::string("Connection succeeded."));
    information.set("objectEncoding", Amf0Value::number(command.numberProperty("objectEncoding", 0)));
    if (command.find("fourCcList")) {
        // Enhanced RTMP: say which FourCCs we take.
        information.set("fourCcList", Amf0Value::strictArray({Amf0Value::string("avc1"), Amf0Value::string("hvc1"),
                                                              Amf0Value::string("av01")}));
    }
    sendResult(transaction, properties, information);
}

void RtmpSession::onCreateStream(double transaction) {
    if (_nextStreamId > _limits.maxStreams) throw RtmpError("too many createStream calls");
    sendResult(transaction, Amf0Value::null(), Amf0Value::number(_nextStreamId++));
}

void RtmpSession::onPublish(std::uint32_t streamId, const std::vector<Amf0Value>& args) {
    if (_state != State::Connected) throw RtmpError("publish in the wrong state");
    if (streamId == 0 || streamId >= _nextStreamId) throw RtmpError("publish on a stream that was not created");
    std::string name = args.size() > 3 && args[3].isString() ? args[3].asString() : std::string();
    if (auto q = name.find('?'); q != std::string::npos) name.erase(q);
    _publishStreamId = streamId;
    const bool badName = name.empty() || name.size() > _limits.maxStreamNameLength ||
                         name.find("..") != std::string::npos || name.find('/') != std::string::npos ||
                         name.find('\0') != std::string::npos;
    if (badName) {
        refuse("NetStream.Publish.BadName", "Invalid stream key", "invalid stream name");
        return;
    }
    _state = State::Authorizing;
    _suspended = true;
    _events.publishRequested(name);
}

void RtmpSession::acceptPublish() {
    if (_state != State::Authorizing) return;
    _state = State::Publishing;
    std::string payload;
    ByteWriter w(payload);
    w.u16(kStreamBegin);
    w.u32(_publishStreamId);
    sendMessage(kControlChunkStream, MessageType::UserControl, 0, std::move(payload));
    sendStatus("status", "NetStream.Publish.Start", "Publishing started.");
    _suspended = false;
    if (!_processing) drainInput();
}

void RtmpSession::refusePublish(const std::string& statusCode, const std::string& description) {
    if (_state != State::Authorizing) return;
    _suspended = false;
    refuse(statusCode.empty() ? "NetStream.Publish.BadName" : statusCode, description, "publish refused");
}

void RtmpSession::onUnpublish() {
    if (_state != State::Publishing) return;
    _assembler.flush();
    _state = State::Unpublished;
    sendStatus("status", "NetStream.Unpublish.Success", "Stopped publishing.");
    _events.unpublished();
}

void RtmpSession::refuse(const std::string& code, const std::string& description, const std::string& why) {
    if (code.rfind("NetConnection.", 0) == 0) {
        Amf0Writer amf;
        amf.string("_error");
        amf.number(1);
        amf.null();
        Amf0Value information = Amf0Value::object();
        information.set("level", Amf0Value::string("error"));
        information.set("code", Amf0Value::string(code));
        information.set("description", Amf0Value::string(description));
        amf.value(information);
        sendMessage(kCommandChunkStream, MessageType::Amf0Command, 0, amf.take());
    } else {
        sendStatus("error", code, description);
    }
    _state = State::Closed;
    _events.closeRequested(why);
}

void RtmpSession::sendMessage(std::uint32_t chunkStreamId, std::uint8_t type, std::uint32_t streamId,
                              std::string payload) {
    RtmpMessage message;
    message.chunkStreamId = chunkStreamId;
    message.type = type;
    message.streamId = streamId;
    message.payload = std::move(payload);
    std::string out;
    _writer.write(message, out);
    _events.sendBytes(std::move(out));
}

void RtmpSession::sendControl(std::uint8_t type, std::uint32_t value) {
    std::string payload;
    ByteWriter(payload).u32(value);
    sendMessage(kControlChunkStream, type, 0, std::move(payload));
}

void RtmpSession::sendResult(double transaction, const Amf0Value& properties, const Amf0Value& information) {
    Amf0Writer amf;
    amf.string("_result");
    amf.number(transaction);
    amf.value(properties);
    amf.value(information);
    sendMessage(kCommandChunkStream, MessageType::Amf0Command, 0, amf.take());
}

void RtmpSession::sendStatus(const std::string& level, const std::string& code, const std::string& description) {
    Amf0Writer amf;
    amf.string("onStatus");
    amf.number(0);
    amf.null();
    Amf0Value information = Amf0Value::object();
    information.set("level", Amf0Value::string(level));
    information.set("code", Amf0Value::string(code));
    information.set("description", Amf0Value::string(description));
    amf.value(information);
    sendMessage(kStatusChunkStream, MessageType::Amf0Command, _publishStreamId, amf.take());
}

void RtmpSession::sendAcknowledgementIfDue() {
    if (_peerWindowAckSize == 0 || !_handshake.done()) return;
    if (_bytesReceived - _bytesAcknowledged < _peerWindowAckSize) return;
    _bytesAcknowledged = _bytesReceived;
    sendControl(MessageType::Acknowledgement, static_cast<std::uint32_t>(_bytesReceived));
}

}  // namespace sockstream::rtmp
