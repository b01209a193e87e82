// A light WHEP load generator for bench/webrtc, not a browser: N viewers in
// one process, each with its own UDP socket, doing what Chromium does against
// the server (POST an offer, ICE as the controlling agent with USE-CANDIDATE,
// DTLS client with a certificate matching the offer's fingerprint, SRTP
// receive with consent checks every 5 s), and counting the media each gets.
// It unprotects every packet so only authentic media counts.
// Usage: webrtc-whep-load <http-host> <http-port> <roomId> <viewers> <seconds> <offer-template.sdp> [gcm|cm]
// (the SRTP profiles offered: both, GCM first, as Chromium does; or only one,
// to compare the server's cost of each in one run).
// Prints one JSON line: {"viewers","connected","packets","bytes","seconds","mediaSeconds","failed":[...]}
// (mediaSeconds: the viewers' time from their first media packet to the end,
// added up, so bytes * 8 / mediaSeconds is the bitrate a connected viewer got).
// Every session is ended with DELETE at the end, so the next run starts with none.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "DtlsCertificate.h"
#include "DtlsTransport.h"
#include "SocketAddress.h"
#include "SrtpSession.h"
#include "StunConstants.h"
#include "StunWriter.h"

using namespace sockstream::webrtc;
using Clock = std::chrono::steady_clock;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream read;
    read << in.rdbuf();
    return read.str();
}

/// The value after `prefix` on the first line that starts with it.
std::string lineValue(const std::string& sdp, const std::string& prefix) {
    std::istringstream lines(sdp);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
    }
    return {};
}

/// Every line of the template with its ICE credentials and fingerprint replaced by ours.
std::string offerFrom(const std::string& offerTemplate, const std::string& ufrag, const std::string& password,
                      const std::string& fingerprint) {
    std::istringstream lines(offerTemplate);
    std::string line, out;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("a=ice-ufrag:", 0) == 0) line = "a=ice-ufrag:" + ufrag;
        else if (line.rfind("a=ice-pwd:", 0) == 0) line = "a=ice-pwd:" + password;
        else if (line.rfind("a=fingerprint:", 0) == 0) line = "a=fingerprint:sha-256 " + fingerprint;
        else if (line.rfind("a=candidate:", 0) == 0) continue;
        out += line + "\r\n";
    }
    return out;
}

struct Viewer {
    int socket = -1;
    std::string localUfrag, localPassword, remoteUfrag, remotePassword, remoteFingerprint, location;
    TransportAddress server;
    std::unique_ptr<DtlsTransport> dtls;
    std::unique_ptr<SrtpSession> srtp;
    bool connected = false;
    Clock::time_point nextCheck{};
    std::uint64_t packets = 0, bytes = 0;
    std::optional<Clock::time_point> firstMedia;
    std::string failure;
};

void sendTo(const Viewer& viewer, const std::string& bytes) {
    const auto to = toSockaddr(viewer.server);
    ::sendto(viewer.socket, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

void sendCheck(Viewer& viewer, std::mt19937_64& random) {
    StunMessage::TransactionId id{};
    for (auto& byte : id) byte = static_cast<std::uint8_t>(random());
    StunWriter writer(stun::kBindingRequest, id);
    writer.attribute(stun::kUsername, viewer.remoteUfrag + ":" + viewer.localUfrag)
        .uint32(stun::kPriority, 2113937151)
        .uint64(stun::kIceControlling, random())
        .flag(stun::kUseCandidate);
    sendTo(viewer, writer.finish(viewer.remotePassword));
    viewer.nextCheck = Clock::now() + std::chrono::seconds(5);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string profileChoice = argc == 8 ? argv[7] : "";
    if ((argc != 7 && argc != 8) || (argc == 8 && profileChoice != "gcm" && profileChoice != "cm")) {
        std::cerr << "usage: webrtc-whep-load <http-host> <http-port> <roomId> <viewers> <seconds> <offer.sdp> [gcm|cm]\n";
        return 2;
    }
    std::vector<SrtpProfile> profiles{SrtpProfile::AeadAes128Gcm, SrtpProfile::AesCm128HmacSha1_80};
    if (profileChoice == "gcm") profiles = {SrtpProfile::AeadAes128Gcm};
    if (profileChoice == "cm") profiles = {SrtpProfile::AesCm128HmacSha1_80};
    const std::string host = argv[1];
    const auto port = static_cast<Poco::UInt16>(std::stoi(argv[2]));
    const std::string roomId = argv[3];
    const int count = std::stoi(argv[4]);
    const int seconds = std::stoi(argv[5]);
    const std::string offerTemplate = readFile(argv[6]);
    const auto certificate = DtlsCertificate::generate();
    std::mt19937_64 random(std::random_device{}());

    std::vector<Viewer> viewers(static_cast<std::size_t>(count));
    int index = 0;
    for (auto& viewer : viewers) {
        viewer.localUfrag = "load" + std::to_string(index);
        viewer.localPassword = "loadclientpassword" + std::to_string(1000000 + index++);
        Poco::Net::HTTPClientSession http(host, port);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/whep/" + roomId,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        const std::string offer =
            offerFrom(offerTemplate, viewer.localUfrag, viewer.localPassword, certificate.fingerprint());
        request.setContentType("application/sdp");
        request.setContentLength(static_cast<std::streamsize>(offer.size()));
        http.sendRequest(request) << offer;
        Poco::Net::HTTPResponse response;
        std::stringstream body;
        body << http.receiveResponse(response).rdbuf();
        if (response.getStatus() != 201) {
            viewer.failure = "POST answered " + std::to_string(response.getStatus()) + ": " + body.str();
            continue;
        }
        const std::string answer = body.str();
        viewer.location = response.get("Location", "");
        viewer.remoteUfrag = lineValue(answer, "a=ice-ufrag:");
        viewer.remotePassword = lineValue(answer, "a=ice-pwd:");
        viewer.remoteFingerprint = lineValue(answer, "a=fingerprint:sha-256 ");
        // a=candidate:1 1 udp <priority> <address> <port> typ host
        std::istringstream candidate(lineValue(answer, "a=candidate:"));
        std::string foundation, component, transport, priority, address;
        int udpPort = 0;
        candidate >> foundation >> component >> transport >> priority >> address >> udpPort;
        unsigned a = 0, b = 0, c = 0, d = 0;
        std::sscanf(address.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d);
        viewer.server = TransportAddress::v4(static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b),
                                             static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(d),
                                             static_cast<std::uint16_t>(udpPort));
        viewer.socket = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        int size = 1 << 20;
        ::setsockopt(viewer.socket, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        sockaddr_in local = toSockaddr(TransportAddress::v4(127, 0, 0, 1, 0));
        ::bind(viewer.socket, reinterpret_cast<sockaddr*>(&local), sizeof local);
        viewer.dtls = std::make_unique<DtlsTransport>(DtlsTransport::Role::Client, certificate, viewer.remoteFingerprint, profiles);
        sendCheck(viewer, random);
    }

    // Every offer is answered: the run starts (bench/webrtc measures the server from here on).
    std::cout << "{\"started\":true}" << std::endl;
    std::vector<pollfd> waiting;
    for (auto& viewer : viewers) waiting.push_back({viewer.socket, POLLIN, 0});
    const auto start = Clock::now();
    const auto end = start + std::chrono::seconds(seconds);
    char buffer[2048];
    while (Clock::now() < end) {
        ::poll(waiting.data(), waiting.size(), 50);
        for (std::size_t i = 0; i < viewers.size(); ++i) {
            Viewer& viewer = viewers[i];
            if (viewer.socket < 0) continue;
            if (Clock::now() >= viewer.nextCheck) sendCheck(viewer, random);
            while (true) {
                const auto received = ::recv(viewer.socket, buffer, sizeof buffer, 0);
                if (received <= 0) break;
                const std::string_view datagram(buffer, static_cast<std::size_t>(received));
                const auto first = static_cast<unsigned char>(buffer[0]);
                if (stun::looksLikeStun(first)) {
                    // Our check was answered: ICE is done, the DTLS client speaks first.
                    if (viewer.dtls->state() == DtlsTransport::State::Handshaking && !viewer.connected) {
                        viewer.dtls->start();
                        for (const auto& out : viewer.dtls->takeOutgoing()) sendTo(viewer, out);
                    }
                } else if (first >= 20 && first <= 63) {
                    viewer.dtls->receive(datagram);
                    for (const auto& out : viewer.dtls->takeOutgoing()) sendTo(viewer, out);
                    if (!viewer.connected && viewer.dtls->state() == DtlsTransport::State::Connected) {
                        viewer.connected = true;
                        const auto keys = viewer.dtls->exportSrtpKeys();
                        viewer.srtp = std::make_unique<SrtpSession>(keys.profile, keys.serverKeyAndSalt,
                                                                    SrtpSession::Direction::Inbound);
                    } else if (viewer.dtls->state() == DtlsTransport::State::Failed) {
                        viewer.failure = viewer.dtls->failure();
                    }
                } else if (first >= 128 && first <= 191 && viewer.srtp) {
                    std::string packet(datagram);
                    const auto type = static_cast<unsigned char>(packet[1]);
                    const bool rtcp = type >= 192 && type <= 223;
                    if (!rtcp && viewer.srtp->unprotectRtp(packet)) {
                        if (!viewer.firstMedia) viewer.firstMedia = Clock::now();
                        ++viewer.packets;
                        viewer.bytes += static_cast<std::uint64_t>(received);
                    }
                }
            }
        }
    }
    const auto finished = Clock::now();
    std::uint64_t packets = 0, bytes = 0;
    double mediaSeconds = 0;
    int connected = 0;
    std::string failures;
    for (auto& viewer : viewers) {
        packets += viewer.packets;
        bytes += viewer.bytes;
        connected += viewer.connected ? 1 : 0;
        if (viewer.firstMedia) mediaSeconds += std::chrono::duration<double>(finished - *viewer.firstMedia).count();
        if (!viewer.location.empty()) {
            try {
                Poco::Net::HTTPClientSession http(host, port);
                Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_DELETE, viewer.location,
                                               Poco::Net::HTTPMessage::HTTP_1_1);
                http.sendRequest(request);
                Poco::Net::HTTPResponse response;
                http.receiveResponse(response);
            } catch (const std::exception&) {
                // The server ends it anyway once consent checks stop.
            }
        }
        if (!viewer.failure.empty()) {
            std::string quoted;
            for (const char ch : viewer.failure) if (ch != '"' && ch != '\\' && ch >= 32) quoted += ch;
            failures += (failures.empty() ? "\"" : ",\"") + quoted + "\"";
        }
        if (viewer.socket >= 0) ::close(viewer.socket);
    }
    std::cout << "{\"viewers\":" << count << ",\"connected\":" << connected << ",\"packets\":" << packets
              << ",\"bytes\":" << bytes << ",\"seconds\":" << seconds << ",\"mediaSeconds\":" << mediaSeconds
              << ",\"failed\":[" << failures << "]}\n";
    return 0;
}
