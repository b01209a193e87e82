// A test tool, not the plugin: the protocol library serving one WHEP-style
// session on 127.0.0.1 so a real Chromium can run ICE-lite and DTLS-SRTP
// against it. Reads the offer on stdin (ending with a line "."), prints the
// answer followed by a line ".", then reports events ("ice-nominated",
// "dtls-connected <profile>", "dtls-failed <why>") until its time is up.
// With an Annex B H.264 file (access units opened by AUDs), it then sends it
// in a loop at 30 frames a second: packetized, SRTP-protected.
// Usage: webrtc-loopback-peer <udp-port> <seconds> [h264-file]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <vector>
#include <cstring>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "DtlsCertificate.h"
#include "DtlsTransport.h"
#include "H264Packetizer.h"
#include "SrtpSession.h"
#include "IceLiteResponder.h"
#include "SdpAnswer.h"
#include "SdpParser.h"
#include "SocketAddress.h"
#include "StunConstants.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

namespace {
/// Annex B access units (each starting at an AUD) as length-prefixed NAL units.
std::vector<std::string> accessUnits(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream read;
    read << in.rdbuf();
    const std::string bytes = read.str();
    std::vector<std::string_view> units;
    std::size_t at = bytes.find(std::string("\0\0\1", 3));
    while (at != std::string::npos) {
        const std::size_t start = at + 3;
        std::size_t next = bytes.find(std::string("\0\0\1", 3), start);
        std::size_t end = next == std::string::npos ? bytes.size() : next;
        while (end > start && bytes[end - 1] == '\0') --end;  // the zero of a 4-byte start code
        if (end > start) units.emplace_back(bytes.data() + start, end - start);
        at = next;
    }
    std::vector<std::string> out;
    for (const auto unit : units) {
        if ((unit[0] & 0x1F) == 9 || out.empty()) out.emplace_back();
        for (int shift = 24; shift >= 0; shift -= 8) out.back().push_back(static_cast<char>((unit.size() >> shift) & 0xFF));
        out.back().append(unit);
    }
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::cerr << "usage: webrtc-loopback-peer <udp-port> <seconds> [h264-file]\n";
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
        const auto frames = argc == 4 ? accessUnits(argv[3]) : std::vector<std::string>{};
        std::unique_ptr<SrtpSession> srtp;
        std::unique_ptr<H264Packetizer> packetizer;
        std::size_t frame = 0;
        auto nextFrameAt = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() < deadline) {
            if (srtp && !frames.empty() && std::chrono::steady_clock::now() >= nextFrameAt) {
                const auto to = toSockaddr(*ice.nominatedAddress("one"));
                for (auto& packet : packetizer->packetize(frames[frame % frames.size()], sockstream::MediaTime::fromMilliseconds(static_cast<std::int64_t>(frame) * 1000 / 30)))
                    if (srtp->protectRtp(packet))
                        ::sendto(socketFd, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
                ++frame;
                nextFrameAt += std::chrono::milliseconds(33);
            }
            pollfd waiting{socketFd, POLLIN, 0};
            if (::poll(&waiting, 1, 10) <= 0) continue;
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
                    if (answer.video) {
                        const auto keys = dtls.exportSrtpKeys();
                        srtp = std::make_unique<SrtpSession>(keys.profile, keys.serverKeyAndSalt, SrtpSession::Direction::Outbound);
                        RtpStreamParameters stream;
                        stream.payloadType = static_cast<std::uint8_t>(answer.video->codec.payloadType);
                        stream.ssrc = answer.video->ssrc;
                        packetizer = std::make_unique<H264Packetizer>(stream);
                        nextFrameAt = std::chrono::steady_clock::now();
                    }
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
