// DTLS records from the network: arbitrary datagrams into a server-role
// DtlsTransport (what every WHEP/WHIP session runs) never crash it, never
// connect it (nobody without the client's key can finish a handshake), make
// it fail only with a reason in words, and never make it send a datagram over
// its link MTU. The first byte picks where the garbage lands:
//   0: on a fresh server (ClientHello parsing, HelloVerifyRequest);
//   1: after a real client's ClientHello (the server waits for the client's
//      certificate, key exchange and Finished: their parsing and checks);
//   2: a real ClientHello with bytes overwritten (pairs of a 2-byte offset and
//      a value), then the rest as in 1.
// The rest: datagrams, each a 2-byte big-endian length and that many bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "DtlsCertificate.h"
#include "DtlsTransport.h"

using namespace sockstream::webrtc;

namespace {
constexpr std::size_t kLinkMtu = 1200;  // DtlsTransport's link MTU
constexpr std::size_t kMaxDatagrams = 16;

const DtlsCertificate& serverCertificate() {
    static const DtlsCertificate certificate = DtlsCertificate::generate();
    return certificate;
}
const DtlsCertificate& clientCertificate() {
    static const DtlsCertificate certificate = DtlsCertificate::generate();
    return certificate;
}

void drain(DtlsTransport& server) {
    for (const auto& datagram : server.takeOutgoing())
        if (datagram.empty() || datagram.size() > kLinkMtu) std::abort();
}

void check(const DtlsTransport& server) {
    if (server.state() == DtlsTransport::State::Connected) std::abort();
    if (server.state() == DtlsTransport::State::Failed && server.failure().empty()) std::abort();
}

/// The real client's first flight (its ClientHello).
std::string clientHello() {
    DtlsTransport client(DtlsTransport::Role::Client, clientCertificate(), serverCertificate().fingerprint());
    client.start();
    std::string hello;
    for (const auto& datagram : client.takeOutgoing()) hello += datagram;
    return hello;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const int mode = data[0] % 3;

    DtlsTransport server(DtlsTransport::Role::Server, serverCertificate(), clientCertificate().fingerprint());
    server.start();
    drain(server);

    if (mode != 0) {
        std::string hello = clientHello();
        if (mode == 2) {
            // Edits until a zero offset pair: (offset high, offset low, value).
            while (rest.size() >= 3) {
                const std::size_t offset = (static_cast<std::uint8_t>(rest[0]) << 8) | static_cast<std::uint8_t>(rest[1]);
                const char value = rest[2];
                rest.remove_prefix(3);
                if (offset == 0) break;
                if (!hello.empty()) hello[offset % hello.size()] = value;
            }
        }
        server.receive(hello);
        drain(server);
        check(server);
    }

    for (std::size_t count = 0; count < kMaxDatagrams && rest.size() >= 2; ++count) {
        const std::size_t length = (static_cast<std::uint8_t>(rest[0]) << 8) | static_cast<std::uint8_t>(rest[1]);
        rest.remove_prefix(2);
        const std::string_view datagram = rest.substr(0, length);
        rest.remove_prefix(datagram.size());
        server.receive(datagram);
        drain(server);
        check(server);
    }
    // The flight's retransmission, as the owner's timer would ask for it.
    if (server.timeUntilRetransmit()) {
        server.handleTimeout();
        drain(server);
        check(server);
    }
    return 0;
}
