// IceTcpPort on real loopback sockets: a connection is tied to a session by
// its first answered STUN check and then carries that session's packets,
// RFC 4571-framed both ways; hostile or idle connections are closed (not
// STUN first, unknown ufrag, oversize frame, silence, per-address cap, the
// session's end); a peer that does not read gets its packets dropped, not queued
// without bound.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Logger.h>

#include "IceTcpPort.h"
#include "Rfc4571Framing.h"
#include "SocketAddress.h"

using namespace sockstream::webrtc;
using namespace std::chrono_literals;

namespace {

// Stands in for MediaPort::handle: a frame starting with 0x00 and naming
// "good" is a STUN check it answers for session "s1".
struct FakeSessions {
    std::mutex mutex;
    std::vector<std::string> frames;
    std::set<std::string> alive{"s1"};

    IceTcpPort::Handlers handlers() {
        IceTcpPort::Handlers h;
        h.frame = [this](std::string_view frame, const TransportAddress& from) -> std::optional<std::string> {
            EXPECT_TRUE(from.tcp);
            std::lock_guard lock(mutex);
            frames.emplace_back(frame);
            if (frame.size() >= 5 && frame[0] == 0 && frame.substr(1, 4) == "good") return "s1";
            return std::nullopt;
        };
        h.alive = [this](const std::string& id) {
            std::lock_guard lock(mutex);
            return alive.count(id) > 0;
        };
        return h;
    }
    std::size_t count() {
        std::lock_guard lock(mutex);
        return frames.size();
    }
};

class Client {
public:
    explicit Client(std::uint16_t port, int receiveBuffer = 0) {
        _fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (receiveBuffer) ::setsockopt(_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        timeval timeout{3, 0};
        ::setsockopt(_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        EXPECT_EQ(::connect(_fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
    }
    ~Client() { ::close(_fd); }

    TransportAddress address() const {
        sockaddr_in local{};
        socklen_t length = sizeof local;
        ::getsockname(_fd, reinterpret_cast<sockaddr*>(&local), &length);
        auto address = fromSockaddr(local);
        address.tcp = true;
        return address;
    }
    void write(const std::string& bytes) { ASSERT_EQ(::send(_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size())); }
    void writeFrame(const std::string& packet) {
        std::string out;
        appendRfc4571Frame(out, packet);
        write(out);
    }
    /// True when the server closed the connection (EOF within 3 s, anything sent before it read past).
    bool closedByServer() {
        char buffer[4096];
        for (;;) {
            const ssize_t got = ::recv(_fd, buffer, sizeof buffer, 0);
            if (got == 0) return true;
            if (got < 0) return errno == ECONNRESET;
        }
    }
    std::string read(std::size_t bytes) {
        std::string out(bytes, '\0');
        std::size_t have = 0;
        while (have < bytes) {
            const ssize_t got = ::recv(_fd, out.data() + have, bytes - have, 0);
            if (got <= 0) break;
            have += static_cast<std::size_t>(got);
        }
        out.resize(have);
        return out;
    }

private:
    int _fd = -1;
};

std::string check() { return std::string(1, '\0') + "good-check"; }

struct Port {
    FakeSessions sessions;
    IceTcpPort port;
    explicit Port(IceTcpPort::Limits limits)
        : port("127.0.0.1", 0, limits, Poco::Logger::get("IceTcpPortTest"), sessions.handlers()) {
        port.open();
        port.start();
    }
    ~Port() { port.stop(); }
};

IceTcpPort::Limits limits() {
    IceTcpPort::Limits l;
    l.bindTimeout = 500ms;
    return l;
}

template <typename Condition>
bool eventually(Condition condition) {
    for (int i = 0; i < 300; ++i) {
        if (condition()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

}  // namespace

TEST(IceTcpPort, AConnectionTiedByAStunCheckCarriesItsSessionsPacketsFramedBothWays) {
    Port server(limits());
    Client client(server.port.localPort());
    // The check arrives split across two writes, with a second frame behind it.
    std::string bytes;
    appendRfc4571Frame(bytes, check());
    appendRfc4571Frame(bytes, "\x16" "dtls-record");
    client.write(bytes.substr(0, 5));
    std::this_thread::sleep_for(50ms);
    client.write(bytes.substr(5));
    ASSERT_TRUE(eventually([&] { return server.sessions.count() == 2; }));
    EXPECT_EQ(server.sessions.frames[1], "\x16" "dtls-record");

    ASSERT_TRUE(server.port.send(client.address(), "srtp-packet"));
    EXPECT_EQ(client.read(13), std::string("\x00\x0bsrtp-packet", 13));
    // The same numbers over UDP are another peer: nothing goes there.
    auto udp = client.address();
    udp.tcp = false;
    EXPECT_FALSE(server.port.send(udp, "x"));
    EXPECT_EQ(server.port.connectionCount(), 1u);
}

TEST(IceTcpPort, AConnectionWhoseFirstPacketIsNotAStunCheckIsClosed) {
    Port server(limits());
    Client client(server.port.localPort());
    client.writeFrame("\x16not-stun");
    EXPECT_TRUE(client.closedByServer());
    EXPECT_EQ(server.sessions.count(), 0u) << "not handed on before a STUN check tied it to a session";
}

TEST(IceTcpPort, AStunCheckForNoSessionClosesTheConnection) {
    Port server(limits());
    Client client(server.port.localPort());
    client.writeFrame(std::string(1, '\0') + "unknown-ufrag");
    EXPECT_TRUE(client.closedByServer());
    EXPECT_TRUE(eventually([&] { return server.port.connectionCount() == 0; }));
}

TEST(IceTcpPort, AFrameLongerThanTheLimitClosesTheConnection) {
    Port server(limits());
    Client client(server.port.localPort());
    client.writeFrame(check());
    client.write(std::string("\x05\xDD", 2) + std::string(1501, 'x'));
    EXPECT_TRUE(client.closedByServer());
}

TEST(IceTcpPort, AConnectionThatSendsNoCheckInTimeIsClosed) {
    Port server(limits());
    Client silent(server.port.localPort());
    Client partial(server.port.localPort());
    partial.write(std::string("\x00\x40", 2));  // a length, then nothing
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(silent.closedByServer());
    EXPECT_TRUE(partial.closedByServer());
    EXPECT_GE(std::chrono::steady_clock::now() - started, 400ms);
}

TEST(IceTcpPort, OneAddressGetsAtMostItsShareOfConnections) {
    auto l = limits();
    l.maxConnectionsPerAddress = 2;
    Port server(l);
    Client first(server.port.localPort());
    Client second(server.port.localPort());
    first.writeFrame(check());
    second.writeFrame(check());
    ASSERT_TRUE(eventually([&] { return server.sessions.count() == 2; }));
    Client third(server.port.localPort());
    EXPECT_TRUE(third.closedByServer());
    EXPECT_EQ(server.port.connectionCount(), 2u);
}

TEST(IceTcpPort, TheConnectionOfAnEndedSessionIsClosed) {
    Port server(limits());
    Client client(server.port.localPort());
    client.writeFrame(check());
    ASSERT_TRUE(eventually([&] { return server.sessions.count() == 1; }));
    {
        std::lock_guard lock(server.sessions.mutex);
        server.sessions.alive.clear();
    }
    EXPECT_TRUE(client.closedByServer());
}

TEST(IceTcpPort, APeerThatDoesNotReadGetsPacketsDroppedNotQueuedWithoutBound) {
    auto l = limits();
    l.maxQueuedBytes = 64 * 1024;
    Port server(l);
    Client client(server.port.localPort(), 4096);
    client.writeFrame(check());
    ASSERT_TRUE(eventually([&] { return server.sessions.count() == 1; }));
    const std::string packet(1200, 'm');
    std::size_t refused = 0;
    for (int i = 0; i < 20000 && refused < 100; ++i)
        if (!server.port.send(client.address(), packet)) ++refused;
    EXPECT_EQ(refused, 100u) << "the kernel's buffers and the 64 KiB queue filled up";
    EXPECT_GE(server.port.droppedPackets(), 100u);
    // What was accepted arrives whole and in frames: the first frame reads back.
    const auto first = client.read(1202);
    EXPECT_EQ(first.substr(0, 2), std::string("\x04\xB0", 2));
    EXPECT_EQ(first.substr(2), packet);
}
