#include "SdpParser.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {

std::vector<std::string_view> splitSpaces(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find(' ', at), text.size());
        if (end > at) parts.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return parts;
}

std::optional<int> number(std::string_view text, int min, int max) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
    return value;
}

/// RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/".
bool isIceChars(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '/'; });
}

class Parser {
public:
    Parser(const SdpLimits& limits) : _limits(limits) {}

    SdpOffer run(std::string_view text) {
        if (text.size() > _limits.maxBytes)
            throw WebRtcError("the SDP offer is larger than " + std::to_string(_limits.maxBytes) + " bytes");
        std::size_t at = 0;
        while (at < text.size()) {
            std::size_t end = text.find('\n', at);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(at, end - at);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            at = end + 1;
            if (++_lineNumber > _limits.maxLines)
                throw WebRtcError("the SDP offer has more than " + std::to_string(_limits.maxLines) + " lines");
            if (line.size() > _limits.maxLineLength) fail("is longer than " + std::to_string(_limits.maxLineLength) + " bytes");
            if (line.empty()) {
                // Only the final line ending may leave an empty line behind.
                if (at < text.size()) fail("is empty");
                continue;
            }
            line_(line);
        }
        if (_lineNumber == 0 || !_sawVersion) throw WebRtcError("the SDP offer does not start with v=0");
        finish();
        return std::move(_offer);
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw WebRtcError("SDP offer line " + std::to_string(_lineNumber) + " " + why);
    }

    void line_(std::string_view line) {
        if (line.size() < 2 || line[1] != '=' || !std::islower(static_cast<unsigned char>(line[0])))
            fail("is not of the form <letter>=<value>");
        const char type = line[0];
        const std::string_view value = line.substr(2);
        if (_lineNumber == 1) {
            if (type != 'v' || value != "0") fail("must be v=0");
            _sawVersion = true;
            return;
        }
        if (type == 'm') return mediaLine(value);
        if (type == 'a') return attribute(value);
    }

    void mediaLine(std::string_view value) {
        if (_offer.media.size() == _limits.maxMediaSections)
            fail("is a media section beyond the limit of " + std::to_string(_limits.maxMediaSections));
        const auto parts = splitSpaces(value);
        if (parts.size() < 4) fail("is an m= line without media, port, protocol and formats");
        SdpMedia media;
        media.kind = std::string(parts[0]);
        const auto port = number(parts[1], 0, 65535);
        if (!port) fail("has an m= port that is not a number from 0 to 65535");
        media.port = *port;
        media.protocol = std::string(parts[2]);
        const bool rtp = media.protocol.find("RTP/") != std::string::npos;
        if (rtp && parts.size() - 3 > _limits.maxCodecsPerMedia)
            fail("lists more than " + std::to_string(_limits.maxCodecsPerMedia) + " payload types");
        for (std::size_t i = 3; i < parts.size(); ++i) {
            if (rtp && !number(parts[i], 0, 127)) fail("lists a payload type that is not a number from 0 to 127");
            media.formats.emplace_back(parts[i]);
        }
        _offer.media.push_back(std::move(media));
    }

    /// The section attributes go to: the current media, or session level.
    SdpMedia& target() { return _offer.media.empty() ? _session : _offer.media.back(); }

    SdpCodec& codecFor(std::string_view payloadType) {
        if (_offer.media.empty()) fail("describes a payload type outside any media section");
        const auto pt = number(payloadType, 0, 127);
        if (!pt) fail("names a payload type that is not a number from 0 to 127");
        auto& media = _offer.media.back();
        if (std::find(media.formats.begin(), media.formats.end(), payloadType) == media.formats.end())
            fail("describes payload type " + std::to_string(*pt) + ", which its m= line does not list");
        for (auto& codec : media.codecs)
            if (codec.payloadType == *pt) return codec;
        media.codecs.push_back(SdpCodec{});
        media.codecs.back().payloadType = *pt;
        return media.codecs.back();
    }

    void attribute(std::string_view value) {
        const std::size_t colon = value.find(':');
        const std::string_view name = value.substr(0, colon);
        const std::string_view rest = colon == std::string_view::npos ? std::string_view{} : value.substr(colon + 1);
        if (name == "group") {
            const auto parts = splitSpaces(rest);
            if (!parts.empty() && parts[0] == "BUNDLE") {
                if (!_offer.bundleMids.empty()) fail("is a second BUNDLE group; SockStream uses one transport");
                for (std::size_t i = 1; i < parts.size(); ++i) _offer.bundleMids.emplace_back(parts[i]);
            }
        } else if (name == "mid") {
            if (_offer.media.empty()) fail("is an a=mid outside any media section");
            if (rest.empty() || rest.size() > 32) fail("has an a=mid that is empty or longer than 32 bytes");
            _offer.media.back().mid = std::string(rest);
        } else if (name == "ice-ufrag") {
            if (rest.size() < 4 || rest.size() > 256 || !isIceChars(rest)) fail("has an ice-ufrag that is not 4 to 256 ice-chars");
            target().iceUfrag = std::string(rest);
        } else if (name == "ice-pwd") {
            if (rest.size() < 22 || rest.size() > 256 || !isIceChars(rest)) fail("has an ice-pwd that is not 22 to 256 ice-chars");
            target().icePassword = std::string(rest);
        } else if (name == "fingerprint") {
            fingerprint(rest);
        } else if (name == "setup") {
            if (rest != "actpass" && rest != "active" && rest != "passive" && rest != "holdconn")
                fail("has an a=setup that is not actpass, active, passive or holdconn");
            target().setup = std::string(rest);
        } else if (name == "sendrecv" || name == "sendonly" || name == "recvonly" || name == "inactive") {
            target().direction = std::string(name);
        } else if (name == "rtcp-mux") {
            target().rtcpMux = true;
        } else if (name == "rtpmap") {
            rtpmap(rest);
        } else if (name == "fmtp") {
            const std::size_t space = rest.find(' ');
            if (space == std::string_view::npos) fail("is an a=fmtp without parameters");
            codecFor(rest.substr(0, space)).fmtp = std::string(rest.substr(space + 1));
        } else if (name == "rtcp-fb") {
            const std::size_t space = rest.find(' ');
            if (space == std::string_view::npos) fail("is an a=rtcp-fb without a value");
            const auto payloadType = rest.substr(0, space);
            if (payloadType == "*") return;  // wildcard feedback: not used by browsers' offers
            auto& codec = codecFor(payloadType);
            if (codec.feedback.size() < 16) codec.feedback.emplace_back(rest.substr(space + 1));
        }
        // Everything else (extmap, ssrc, candidate, msid, rtcp-rsize, ...) is read past.
    }

    void rtpmap(std::string_view rest) {
        const std::size_t space = rest.find(' ');
        if (space == std::string_view::npos) fail("is an a=rtpmap without an encoding");
        auto& codec = codecFor(rest.substr(0, space));
        const std::string_view encoding = rest.substr(space + 1);
        const std::size_t slash = encoding.find('/');
        if (slash == 0 || slash == std::string_view::npos) fail("has an a=rtpmap encoding that is not name/clock-rate");
        codec.name = std::string(encoding.substr(0, slash));
        std::string_view clock = encoding.substr(slash + 1);
        const std::size_t slash2 = clock.find('/');
        if (slash2 != std::string_view::npos) {
            const auto channels = number(clock.substr(slash2 + 1), 1, 8);
            if (!channels) fail("has an a=rtpmap channel count that is not 1 to 8");
            codec.channels = *channels;
            clock = clock.substr(0, slash2);
        }
        const auto rate = number(clock, 1, 1'000'000);
        if (!rate) fail("has an a=rtpmap clock rate that is not a positive number");
        codec.clockRate = *rate;
    }

    void fingerprint(std::string_view rest) {
        const std::size_t space = rest.find(' ');
        if (space == std::string_view::npos) fail("is an a=fingerprint without a hash");
        std::string algorithm(rest.substr(0, space));
        std::transform(algorithm.begin(), algorithm.end(), algorithm.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string hash(rest.substr(space + 1));
        std::transform(hash.begin(), hash.end(), hash.begin(), [](unsigned char c) { return std::toupper(c); });
        // Hex pairs separated by colons; at most SHA-512's 64 bytes.
        if (hash.size() < 2 || hash.size() > 64 * 3 - 1 || hash.size() % 3 != 2) fail("has a malformed a=fingerprint hash");
        for (std::size_t i = 0; i < hash.size(); ++i) {
            const bool ok = i % 3 == 2 ? hash[i] == ':' : std::isxdigit(static_cast<unsigned char>(hash[i])) != 0;
            if (!ok) fail("has a malformed a=fingerprint hash");
        }
        target().fingerprintAlgorithm = std::move(algorithm);
        target().fingerprint = std::move(hash);
    }

    void finish() {
        if (_offer.media.empty()) throw WebRtcError("the SDP offer has no media section");
        std::set<std::string> mids;
        for (auto& media : _offer.media) {
            if (media.iceUfrag.empty()) media.iceUfrag = _session.iceUfrag;
            if (media.icePassword.empty()) media.icePassword = _session.icePassword;
            if (media.fingerprint.empty()) {
                media.fingerprint = _session.fingerprint;
                media.fingerprintAlgorithm = _session.fingerprintAlgorithm;
            }
            if (media.setup.empty()) media.setup = _session.setup;
            if (media.port == 0) continue;  // a rejected section needs nothing else
            if (media.mid.empty()) throw WebRtcError("an SDP offer media section (" + media.kind + ") has no a=mid");
            if (!mids.insert(media.mid).second) throw WebRtcError("the SDP offer uses a=mid:" + media.mid + " twice");
            if (media.iceUfrag.empty() || media.icePassword.empty())
                throw WebRtcError("the SDP offer's " + media.kind + " section has no ICE ufrag and password");
            if (media.fingerprint.empty())
                throw WebRtcError("the SDP offer's " + media.kind + " section has no DTLS fingerprint");
            for (const auto& codec : media.codecs)
                if (codec.name.empty())
                    throw WebRtcError("the SDP offer describes payload type " + std::to_string(codec.payloadType) +
                                      " without an a=rtpmap");
        }
        for (const auto& mid : _offer.bundleMids)
            if (!mids.count(mid)) throw WebRtcError("the SDP offer's BUNDLE group names a=mid:" + mid + ", which no media section has");
    }

    const SdpLimits& _limits;
    SdpOffer _offer;
    SdpMedia _session;  ///< session-level ICE/DTLS attributes, inherited by every section
    std::size_t _lineNumber = 0;
    bool _sawVersion = false;
};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

}  // namespace

SdpOffer parseSdpOffer(std::string_view text, const SdpLimits& limits) { return Parser(limits).run(text); }

std::optional<std::string> SdpCodec::fmtpParameter(std::string_view wanted) const {
    std::string_view rest = fmtp;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find(';'), rest.size());
        std::string_view pair = rest.substr(0, end);
        rest = end < rest.size() ? rest.substr(end + 1) : std::string_view{};
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && equalsIgnoringCase(pair.substr(0, equals), wanted))
            return std::string(pair.substr(equals + 1));
    }
    return std::nullopt;
}

bool SdpCodec::hasFeedback(std::string_view value) const {
    return std::find(feedback.begin(), feedback.end(), value) != feedback.end();
}

const SdpCodec* SdpMedia::codec(int payloadType) const {
    for (const auto& codec : codecs)
        if (codec.payloadType == payloadType) return &codec;
    return nullptr;
}

}  // namespace sockstream::webrtc
