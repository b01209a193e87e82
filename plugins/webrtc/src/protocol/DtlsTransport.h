#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/ssl.h>

#include "DtlsCertificate.h"
#include "SrtpProfile.h"

namespace sockstream::webrtc {

/// SRTP master keys and salts exported from DTLS (RFC 5764 section 4.2).
struct SrtpKeyMaterial {
    SrtpProfile profile = SrtpProfile::AeadAes128Gcm;
    std::string clientKeyAndSalt;  ///< the profile's key then salt (sizesOf(profile))
    std::string serverKeyAndSalt;
};

/// One DTLS association over datagrams the caller carries (no socket here).
/// Incoming datagrams go in through receive(); datagrams to send come out of
/// takeOutgoing(), one per DTLS write, so flights keep their boundaries.
/// The server role is what WHEP uses (we answer a=setup:passive); the client
/// role exists for tests. The peer's certificate must match the fingerprint
/// from its SDP, else the handshake fails. Not thread-safe.
class DtlsTransport {
public:
    enum class Role { Server, Client };
    enum class State { Handshaking, Connected, Failed };

    /// `profiles`: the SRTP profiles offered (a client) or accepted (a
    /// server, which picks the first of these the client offers).
    DtlsTransport(Role role, const DtlsCertificate& certificate, std::string expectedPeerFingerprint,
                  const std::vector<SrtpProfile>& profiles = {SrtpProfile::AeadAes128Gcm,
                                                              SrtpProfile::AesCm128HmacSha1_80});
    ~DtlsTransport();
    DtlsTransport(const DtlsTransport&) = delete;
    DtlsTransport& operator=(const DtlsTransport&) = delete;

    /// The client sends its ClientHello; the server waits for one.
    void start();
    void receive(std::string_view datagram);
    std::vector<std::string> takeOutgoing();

    /// How long until the retransmission timer of the last flight runs out
    /// (RFC 6347 section 4.2.4: 1 s doubling to 60 s), or nullopt when none
    /// runs (connected, failed, or waiting for a ClientHello).
    std::optional<std::chrono::milliseconds> timeUntilRetransmit() const;
    /// Called by the owner's loop when that time has come: OpenSSL resends the
    /// flight (takeOutgoing() has it). Too many timeouts fail the handshake.
    void handleTimeout();

    State state() const { return _state; }
    const std::string& failure() const { return _failure; }
    /// Once Connected: the negotiated profile name, e.g. "SRTP_AEAD_AES_128_GCM".
    std::string srtpProfile() const;
    SrtpKeyMaterial exportSrtpKeys() const;

    /// For the custom BIO: one DTLS datagram written by OpenSSL.
    void pushOutgoing(std::string datagram) { _outgoing.push_back(std::move(datagram)); }

private:
    static int verifyPeer(int preverified, X509_STORE_CTX* store);
    void advance();
    void fail(std::string why);

    std::shared_ptr<SSL_CTX> _context;
    SSL* _ssl = nullptr;
    BIO* _incoming = nullptr;  ///< owned by _ssl
    std::vector<std::string> _outgoing;
    std::string _expectedPeerFingerprint;
    bool _fingerprintMismatch = false;
    State _state = State::Handshaking;
    std::string _failure;
};

}  // namespace sockstream::webrtc
