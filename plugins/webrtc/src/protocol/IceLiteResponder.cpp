#include "IceLiteResponder.h"

#include "StunMessage.h"
#include "StunWriter.h"

namespace sockstream::webrtc {

bool IceLiteResponder::addSession(const std::string& sessionId, IceCredentials credentials) {
    if (_sessions.count(credentials.localUfrag) || _ufragBySession.count(sessionId)) return false;
    _ufragBySession[sessionId] = credentials.localUfrag;
    const std::string ufrag = credentials.localUfrag;
    _sessions.emplace(ufrag, Session{std::move(credentials), sessionId, std::nullopt});
    return true;
}

void IceLiteResponder::removeSession(const std::string& sessionId) {
    const auto ufrag = _ufragBySession.find(sessionId);
    if (ufrag == _ufragBySession.end()) return;
    const auto session = _sessions.find(ufrag->second);
    if (session != _sessions.end()) {
        // Only drop the address's mapping if it still points here: another
        // session may have been nominated from the same address since.
        if (session->second.nominated) {
            const auto mapped = _sessionByAddress.find(*session->second.nominated);
            if (mapped != _sessionByAddress.end() && mapped->second == sessionId) _sessionByAddress.erase(mapped);
        }
        _sessions.erase(session);
    }
    _ufragBySession.erase(ufrag);
}

IceLiteResponder::Outcome IceLiteResponder::handle(std::string_view datagram, const TransportAddress& from) {
    Outcome outcome;
    const auto request = StunMessage::parse(datagram);
    if (!request || request->type() != stun::kBindingRequest) return outcome;

    // The cheap checks first: USERNAME names a session, and the remote half
    // matches the browser that offered; only then the HMAC.
    outcome.verdict = Verdict::DroppedUnknownUser;
    const auto username = request->username();
    if (!username) return outcome;
    const auto colon = username->find(':');
    if (colon == std::string_view::npos) return outcome;
    const auto found = _sessions.find(std::string(username->substr(0, colon)));
    if (found == _sessions.end()) return outcome;
    Session& session = found->second;
    if (username->substr(colon + 1) != session.credentials.remoteUfrag) return outcome;
    outcome.sessionId = session.sessionId;

    outcome.verdict = Verdict::DroppedBadIntegrity;
    // Browsers always add FINGERPRINT; requiring it keeps a stray non-STUN
    // datagram that happens to parse from ever reaching the HMAC.
    if (!request->verifyFingerprint() || !request->verifyIntegrity(session.credentials.localPassword))
        return outcome;

    // A lite agent is always controlled; only the controlling side nominates.
    if (request->useCandidate() && request->iceControlling()) {
        if (session.nominated && *session.nominated != from) {
            const auto mapped = _sessionByAddress.find(*session.nominated);
            if (mapped != _sessionByAddress.end() && mapped->second == session.sessionId) _sessionByAddress.erase(mapped);
        }
        session.nominated = from;
        _sessionByAddress[from] = session.sessionId;
        outcome.nominated = true;
    }
    outcome.verdict = Verdict::Answered;
    outcome.response = StunWriter(stun::kBindingSuccess, request->transactionId())
                           .xorMappedAddress(from)
                           .finish(session.credentials.localPassword);
    return outcome;
}

std::optional<TransportAddress> IceLiteResponder::nominatedAddress(const std::string& sessionId) const {
    const auto ufrag = _ufragBySession.find(sessionId);
    if (ufrag == _ufragBySession.end()) return std::nullopt;
    return _sessions.at(ufrag->second).nominated;
}

std::optional<std::string> IceLiteResponder::sessionFor(const TransportAddress& from) const {
    const auto found = _sessionByAddress.find(from);
    if (found == _sessionByAddress.end()) return std::nullopt;
    return found->second;
}

}  // namespace sockstream::webrtc
