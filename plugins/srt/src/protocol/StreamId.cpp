#include "StreamId.h"

namespace sockstream::srt {

namespace {

StreamIdRequest malformed(std::string problem) {
    StreamIdRequest request;
    request.outcome = StreamIdRequest::Outcome::Malformed;
    request.problem = std::move(problem);
    return request;
}

StreamIdRequest wrongMode(std::string problem) {
    StreamIdRequest request;
    request.outcome = StreamIdRequest::Outcome::WrongMode;
    request.problem = std::move(problem);
    return request;
}

// Stream keys are URL-safe tokens; anything else (spaces, control bytes,
// separators of the access-control syntax) is a typo or an attack, and would
// otherwise reach the key lookup and the log.
bool keyCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

StreamIdRequest checkedKey(std::string_view key, const StreamIdLimits& limits) {
    if (key.empty()) return malformed("the stream ID carries an empty stream key");
    if (key.size() > limits.maxKeyBytes)
        return malformed("the stream key is longer than " + std::to_string(limits.maxKeyBytes) + " bytes");
    for (char c : key)
        if (!keyCharacter(c)) return malformed("the stream key contains a character no stream key has");
    StreamIdRequest request;
    request.outcome = StreamIdRequest::Outcome::Publish;
    request.key = std::string(key);
    return request;
}

// "#!::k=v,k=v" (SRT access control, "Stream ID" guidelines).
StreamIdRequest parseAccessControl(std::string_view body, const StreamIdLimits& limits) {
    std::string_view resource;
    std::string_view mode;
    bool haveResource = false;
    bool haveMode = false;
    while (!body.empty()) {
        const std::size_t comma = body.find(',');
        const std::string_view item = body.substr(0, comma);
        body = comma == std::string_view::npos ? std::string_view{} : body.substr(comma + 1);
        if (comma != std::string_view::npos && body.empty())
            return malformed("the access-control stream ID ends with a comma");
        const std::size_t equals = item.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return malformed("an access-control item of the stream ID is not key=value");
        const std::string_view name = item.substr(0, equals);
        const std::string_view value = item.substr(equals + 1);
        if (name == "r") {
            if (haveResource) return malformed("the stream ID names the resource (r=) twice");
            resource = value;
            haveResource = true;
        } else if (name == "m") {
            if (haveMode) return malformed("the stream ID names the mode (m=) twice");
            mode = value;
            haveMode = true;
        }
        // "u" (user), "s" (session), "t" (type), "h" (host) and custom keys are not ours to judge.
    }
    // The convention's default mode is "request" (play), but this listener only
    // takes publishers, and OBS users often leave m= out.
    if (haveMode && mode != "publish")
        return wrongMode("the stream ID asks for mode \"" + std::string(mode.substr(0, 16)) +
                         "\"; this server only accepts m=publish");
    if (!haveResource) return malformed("the access-control stream ID has no r=<stream key>");
    return checkedKey(resource, limits);
}

}  // namespace

StreamIdRequest parseStreamId(std::string_view streamId, const StreamIdLimits& limits) {
    if (streamId.empty()) return malformed("no stream ID was sent (the stream key goes in streamid=publish:<key>)");
    if (streamId.size() > limits.maxStreamIdBytes)
        return malformed("the stream ID is longer than " + std::to_string(limits.maxStreamIdBytes) + " bytes");
    constexpr std::string_view kAccessControl = "#!::";
    if (streamId.substr(0, 2) == "#!") {
        if (streamId.substr(0, kAccessControl.size()) != kAccessControl)
            return malformed("the stream ID uses an access-control syntax other than \"#!::\"");
        return parseAccessControl(streamId.substr(kAccessControl.size()), limits);
    }
    const std::size_t colon = streamId.find(':');
    if (colon != std::string_view::npos) {
        const std::string_view verb = streamId.substr(0, colon);
        if (verb == "publish") return checkedKey(streamId.substr(colon + 1), limits);
        if (verb == "play" || verb == "request" || verb == "read")
            return wrongMode("the stream ID asks to play; this server only accepts publishers");
        return malformed("the stream ID starts with an unknown verb (expected publish:<stream key>)");
    }
    return checkedKey(streamId, limits);
}

}  // namespace sockstream::srt
