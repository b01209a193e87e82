// A test tool, not the plugin: the protocol library serving one WHEP-style
// session on 127.0.0.1 so a real Chromium can run ICE-lite and DTLS-SRTP
// against it. Reads the offer on stdin (ending with a line "."), prints the
// answer followed by a line ".", then reports events ("ice-nominated",
// "dtls-connected <profile>", "dtls-failed <why>") until its time is up.
// Usage: webrtc-loopback-peer <udp-port> <seconds>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "DtlsCertificate.h"
#include "DtlsTransport.h"
#include "IceLiteResponder.h"
#include "SdpAnswer.h"
#include "SdpParser.h"
#include "StunConstants.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

namespace {
TransportAddress fromSockaddr(const sockaddr_in& address) {
    TransportAddress out;
    std::memcpy(out.ip.data(), &address.sin_addr, 4);
    out.port = ntohs(address.sin_port);
    return out;
}
sockaddr_in toSockaddr(const TransportAddress& address) {
    sockaddr_in out{};
    out.sin_family = AF_INET;
    std::memcpy(&out.sin_addr, address.ip.data(), 4);
    out.sin_port = htons(address.port);
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: webrtc-loopback-peer <udp-port> <seconds>\n";
        return 2;
    }
    const int port = std::stoi(argv[1]);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoi(argv[2]));
    try {
        std::string offerText, line;
        while (std::getline(std::cin, line) && line != ".") offerText += line + "\n";
        const auto certificate = DtlsCertificate::generate();
        AnswerParameters parameters;
        parameters.iceUfrag = "lbpk";
        parameters.icePassword = "loopback-peer-password-0123";
        parameters.fingerprintSha256 = certificate.fingerprint();
        parameters.candidateAddress = "127.0.0.1";
        parameters.candidatePort = static_cast<std::uint16_t>(port);
        parameters.videoSsrc = 1111;
        parameters.audioSsrc = 2222;
        const auto answer = writeSdpAnswer(parseSdpOffer(offerText), parameters);

        const int socketFd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in local = toSockaddr(TransportAddress::v4(127, 0, 0, 1, static_cast<std::uint16_t>(port)));
        if (::bind(socketFd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
            std::cout << "bind-failed\n" << std::flush;
            return 1;
        }
        std::cout << answer.sdp << ".\n" << std::flush;

        IceLiteResponder ice;
        ice.addSession("one", {parameters.iceUfrag, parameters.icePassword, answer.remoteIceUfrag});
        DtlsTransport dtls(DtlsTransport::Role::Server, certificate, answer.remoteFingerprint);
        dtls.start();
        bool reportedNomination = false, reportedDtls = false;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd waiting{socketFd, POLLIN, 0};
            if (::poll(&waiting, 1, 100) <= 0) continue;
            char buffer[2048];
            sockaddr_in from{};
            socklen_t fromLength = sizeof from;
            const auto received = ::recvfrom(socketFd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &fromLength);
            if (received <= 0) continue;
            const std::string_view datagram(buffer, static_cast<std::size_t>(received));
            const auto source = fromSockaddr(from);
            const auto first = static_cast<unsigned char>(datagram[0]);
            if (stun::looksLikeStun(first)) {
                const auto outcome = ice.handle(datagram, source);
                if (outcome.verdict == IceLiteResponder::Verdict::Answered)
                    ::sendto(socketFd, outcome.response.data(), outcome.response.size(), 0, reinterpret_cast<sockaddr*>(&from), fromLength);
                if (outcome.nominated && !reportedNomination) {
                    std::cout << "ice-nominated " << source.toString() << "\n" << std::flush;
                    reportedNomination = true;
                }
            } else if (first >= 20 && first <= 63 && ice.sessionFor(source)) {  // RFC 7983: DTLS
                dtls.receive(datagram);
                for (const auto& out : dtls.takeOutgoing())
                    ::sendto(socketFd, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), fromLength);
                if (!reportedDtls && dtls.state() == DtlsTransport::State::Connected) {
                    std::cout << "dtls-connected " << dtls.srtpProfile() << "\n" << std::flush;
                    reportedDtls = true;
                } else if (!reportedDtls && dtls.state() == DtlsTransport::State::Failed) {
                    std::cout << "dtls-failed " << dtls.failure() << "\n" << std::flush;
                    reportedDtls = true;
                }
            }
        }
        ::close(socketFd);
    } catch (const WebRtcError& error) {
        std::cout << "refused " << error.what() << "\n" << std::flush;
        return 1;
    }
    return 0;
}
