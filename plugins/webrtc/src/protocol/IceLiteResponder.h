#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "TransportAddress.h"

namespace sockstream::webrtc {

/// ICE credentials of one WHEP session: ours come from the answer, the
/// browser's ufrag from its offer (RFC 8445 section 5.3: USERNAME is "ours:theirs").
struct IceCredentials {
    std::string localUfrag;
    std::string localPassword;
    std::string remoteUfrag;
};

/// The ICE-lite side of connectivity checks for every session sharing one UDP
/// port (RFC 8445 section 2.5): we never send checks, we answer the browser's
/// Binding requests and remember the address it nominated. Datagrams that are
/// not a check for a known session are dropped before any HMAC is computed,
/// so a flood with guessed ufrags costs one parse and one hash-map lookup.
/// Not thread-safe: one owner (the UDP loop) calls it.
class IceLiteResponder {
public:
    enum class Verdict {
        Answered,           ///< `response` holds the signed Binding success response
        DroppedMalformed,   ///< not a STUN message, or not a Binding request
        DroppedUnknownUser, ///< no USERNAME, or a ufrag no session has
        DroppedBadIntegrity ///< MESSAGE-INTEGRITY or FINGERPRINT missing or wrong
    };

    struct Outcome {
        Verdict verdict = Verdict::DroppedMalformed;
        std::string response;   ///< to send back to `from` when Answered
        std::string sessionId;  ///< the session the check belongs to, when known
        bool nominated = false; ///< this check carried USE-CANDIDATE
    };

    /// False when the local ufrag is already in use by another session.
    bool addSession(const std::string& sessionId, IceCredentials credentials);
    void removeSession(const std::string& sessionId);
    std::size_t sessionCount() const { return _sessions.size(); }

    Outcome handle(std::string_view datagram, const TransportAddress& from);

    /// The 5-tuple's remote half the browser nominated, once it has.
    std::optional<TransportAddress> nominatedAddress(const std::string& sessionId) const;
    /// Which session a media datagram (DTLS, SRTP) from `from` belongs to.
    std::optional<std::string> sessionFor(const TransportAddress& from) const;

private:
    struct Session {
        IceCredentials credentials;
        std::string sessionId;
        std::optional<TransportAddress> nominated;
    };
    std::unordered_map<std::string, Session> _sessions;  ///< by local ufrag
    std::unordered_map<std::string, std::string> _ufragBySession;
    std::unordered_map<TransportAddress, std::string, TransportAddressHash> _sessionByAddress;
};

}  // namespace sockstream::webrtc
