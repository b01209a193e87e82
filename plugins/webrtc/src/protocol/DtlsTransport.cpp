#include "DtlsTransport.h"

#include <utility>

#include <openssl/err.h>

#include "WebRtcError.h"

namespace sockstream::webrtc {

namespace {
constexpr long kLinkMtu = 1200;  // same budget as RTP: fits any path WebRTC supports

std::string openSslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

// The write side is a BIO of our own because OpenSSL 3.0's memory BIO would
// glue records together; each write here is exactly one datagram to send.
int outgoingWrite(BIO* bio, const char* data, int length) {
    static_cast<DtlsTransport*>(BIO_get_data(bio))->pushOutgoing(std::string(data, static_cast<std::size_t>(length)));
    return length;
}
long outgoingControl(BIO*, int command, long, void*) {
    switch (command) {
        case BIO_CTRL_FLUSH: return 1;
        case BIO_CTRL_WPENDING:
        case BIO_CTRL_PENDING: return 0;
        case BIO_CTRL_DGRAM_QUERY_MTU: return kLinkMtu;
        default: return 0;
    }
}
int outgoingCreate(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}
BIO_METHOD* outgoingMethod() {
    static BIO_METHOD* method = [] {
        BIO_METHOD* made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "sockstream dtls datagrams");
        BIO_meth_set_write(made, outgoingWrite);
        BIO_meth_set_ctrl(made, outgoingControl);
        BIO_meth_set_create(made, outgoingCreate);
        return made;
    }();
    return method;
}

}  // namespace

// The peer's certificate is self-signed by design, so the chain verdict is
// ignored and the certificate is authenticated by the SDP fingerprint instead.
// Checking here, during the handshake, makes a mismatch abort it before our
// Finished goes out, so the peer never believes it is connected.
int DtlsTransport::verifyPeer(int, X509_STORE_CTX* store) {
    if (X509_STORE_CTX_get_error_depth(store) != 0) return 1;
    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto* self = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
    X509* certificate = X509_STORE_CTX_get_current_cert(store);
    if (certificate && sha256Fingerprint(certificate) == self->_expectedPeerFingerprint) return 1;
    self->_fingerprintMismatch = true;
    return 0;
}

DtlsTransport::DtlsTransport(Role role, const DtlsCertificate& certificate, std::string expectedPeerFingerprint,
                             const std::vector<SrtpProfile>& profiles)
    : _expectedPeerFingerprint(std::move(expectedPeerFingerprint)) {
    if (profiles.empty()) throw WebRtcError("DTLS-SRTP needs at least one SRTP profile");
    std::string profileList;
    for (const auto profile : profiles) profileList += (profileList.empty() ? "" : ":") + std::string(nameOf(profile));
    _context.reset(SSL_CTX_new(role == Role::Server ? DTLS_server_method() : DTLS_client_method()), SSL_CTX_free);
    SSL_CTX* context = _context.get();
    if (!context || SSL_CTX_use_certificate(context, certificate.certificate()) != 1 ||
        SSL_CTX_use_PrivateKey(context, certificate.key()) != 1 ||
        SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) != 1 ||
        SSL_CTX_set_tlsext_use_srtp(context, profileList.c_str()) != 0)  // 0 means success here
        throw WebRtcError("could not set up DTLS: " + openSslError());
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verifyPeer);

    _ssl = SSL_new(context);
    SSL_set_app_data(_ssl, this);
    _incoming = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(_incoming, -1);  // empty means "wait", not end of stream
    BIO* outgoing = BIO_new(outgoingMethod());
    BIO_set_data(outgoing, this);
    SSL_set_bio(_ssl, _incoming, outgoing);
    SSL_set_options(_ssl, SSL_OP_NO_QUERY_MTU);
    DTLS_set_link_mtu(_ssl, kLinkMtu);
    if (role == Role::Server) SSL_set_accept_state(_ssl);
    else SSL_set_connect_state(_ssl);
}

DtlsTransport::~DtlsTransport() { SSL_free(_ssl); }

void DtlsTransport::start() { advance(); }

void DtlsTransport::receive(std::string_view datagram) {
    if (_state == State::Failed) return;
    BIO_write(_incoming, datagram.data(), static_cast<int>(datagram.size()));
    advance();
}

std::vector<std::string> DtlsTransport::takeOutgoing() { return std::exchange(_outgoing, {}); }

std::optional<std::chrono::milliseconds> DtlsTransport::timeUntilRetransmit() const {
    if (_state != State::Handshaking) return std::nullopt;
    timeval left{};
    if (DTLSv1_get_timeout(_ssl, &left) != 1) return std::nullopt;
    return std::chrono::milliseconds(static_cast<long long>(left.tv_sec) * 1000 + left.tv_usec / 1000);
}

void DtlsTransport::handleTimeout() {
    if (_state != State::Handshaking) return;
    // < 0 means OpenSSL gave up after its retransmission limit (or a write failed).
    if (DTLSv1_handle_timeout(_ssl) < 0) fail("the DTLS handshake timed out: the peer stopped answering");
}

void DtlsTransport::advance() {
    if (_state == State::Handshaking) {
        const int result = SSL_do_handshake(_ssl);
        if (result != 1) {
            const int error = SSL_get_error(_ssl, result);
            if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
            if (_fingerprintMismatch) return fail("the DTLS peer's certificate does not match the fingerprint in its SDP");
            return fail("DTLS handshake failed: " + openSslError());
        }
        const SRTP_PROTECTION_PROFILE* selected = SSL_get_selected_srtp_profile(_ssl);
        if (!selected || !srtpProfileNamed(selected->name))
            return fail("the DTLS peer did not agree to an SRTP profile");
        _state = State::Connected;
        return;
    }
    // WebRTC media without data channels carries no DTLS application data:
    // read it to keep OpenSSL's state moving (alerts, close_notify) and drop it.
    char buffer[2048];
    while (true) {
        const int read = SSL_read(_ssl, buffer, sizeof buffer);
        if (read > 0) continue;
        const int error = SSL_get_error(_ssl, read);
        if (error == SSL_ERROR_ZERO_RETURN) return fail("the DTLS peer closed the association");
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) return fail("DTLS failed: " + openSslError());
        return;
    }
}

void DtlsTransport::fail(std::string why) {
    _state = State::Failed;
    _failure = std::move(why);
}

std::string DtlsTransport::srtpProfile() const {
    const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(_ssl);
    return profile ? profile->name : "";
}

SrtpKeyMaterial DtlsTransport::exportSrtpKeys() const {
    if (_state != State::Connected) throw WebRtcError("SRTP keys exist only once DTLS is connected");
    const SrtpProfile profile = *srtpProfileNamed(srtpProfile());  // checked when the handshake ended
    // RFC 5764 4.2: client key, server key, client salt, server salt.
    const auto sizes = sizesOf(profile);
    const std::size_t key = sizes.masterKey, salt = sizes.masterSalt;
    unsigned char material[2 * kMaxSrtpKeyAndSalt];
    const std::size_t length = 2 * (key + salt);
    static const char kLabel[] = "EXTRACTOR-dtls_srtp";
    if (SSL_export_keying_material(_ssl, material, length, kLabel, sizeof kLabel - 1, nullptr, 0, 0) != 1)
        throw WebRtcError("could not export the SRTP keys from DTLS: " + openSslError());
    const auto part = [&](std::size_t at, std::size_t size) {
        return std::string(reinterpret_cast<const char*>(material + at), size);
    };
    SrtpKeyMaterial keys{profile, part(0, key) + part(2 * key, salt), part(key, key) + part(2 * key + salt, salt)};
    OPENSSL_cleanse(material, sizeof material);
    return keys;
}

}  // namespace sockstream::webrtc
