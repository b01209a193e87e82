#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>

#include "NetTestSupport.h"
#include "listeners/ListenerRegistryImpl.h"
#include "runtime/IoRuntime.h"

using namespace sockstream;
using namespace sockstream::test;

namespace {

struct Record {
    std::atomic<int> opened{0};
    std::atomic<int> closed{0};
    std::atomic<bool> sawTls{false};
    std::atomic<bool> establishOnOpen{false};  ///< as a plugin does once a client proved itself
};

/// Echoes bytes; with `flood`, sends 1 MiB chunks on open instead.
class EchoStream : public StreamHandler {
public:
    EchoStream(std::shared_ptr<Record> record, bool flood) : _record(std::move(record)), _flood(flood) {}
    void onOpen(std::shared_ptr<StreamConnection> connection) override {
        _connection = connection;
        _record->sawTls = connection->isTls();
        if (_record->establishOnOpen) connection->markEstablished();
        ++_record->opened;
        if (_flood)
            for (int i = 0; i < 64; ++i) connection->send(std::string(1 << 20, 'z'));
    }
    void onData(const std::uint8_t* data, std::size_t size) override {
        if (_connection) _connection->send(std::string(reinterpret_cast<const char*>(data), size));
    }
    void onClose() override {
        ++_record->closed;
        _connection.reset();
    }

private:
    std::shared_ptr<Record> _record;
    bool _flood;
    std::shared_ptr<StreamConnection> _connection;
};

std::filesystem::path makeSelfSignedCertificate() {
    auto dir = std::filesystem::temp_directory_path() / ("sockstream-net-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout '" +
                          (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
    return dir;
}

}  // namespace

class ListenerRegistryTest : public ::testing::Test {
protected:
    void SetUp() override { runtime.start(); }
    void TearDown() override {
        registry.closeAll();
        runtime.stop();
    }

    ListenerSpec spec(const std::string& name) {
        ListenerSpec result;
        result.name = name;
        result.host = "127.0.0.1";
        result.port = 0;
        return result;
    }
    StreamHandlerFactory factory(bool flood = false) {
        return [record = record, flood] { return std::make_shared<EchoStream>(record, flood); };
    }

    /// A listener of four places: three for pending connections, one kept for established ones.
    int openCrowdedListener() {
        auto crowded = spec("crowded");
        crowded.maxConnections = 4;
        crowded.maxConnectionsPerAddress = 0;
        registry.viewFor("p")->add(crowded, factory());
        registry.openAll();
        return registry.boundPort("crowded");
    }
    /// The echo handler answers `text` on a connection it still serves.
    static void expectEcho(RawClient& client, const std::string& text) {
        client.write(text);
        std::string reply(text.size(), '\0');
        boost::asio::read(client.socket(), boost::asio::buffer(reply));
        EXPECT_EQ(reply, text);
    }

    core::IoRuntime runtime{2, 1};
    FakeMetrics metrics;
    core::ListenerRegistryImpl registry{runtime, metrics};
    std::shared_ptr<Record> record = std::make_shared<Record>();
};

TEST_F(ListenerRegistryTest, TcpEcho) {
    auto view = registry.viewFor("rtmp");
    view->add(spec("rtmp"), factory());
    EXPECT_EQ(view->boundPort("rtmp"), 0) << "not open before openAll";
    registry.openAll();
    int port = view->boundPort("rtmp");
    ASSERT_GT(port, 0);
    RawClient client(port);
    client.write("ping");
    std::string reply(4, '\0');
    boost::asio::read(client.socket(), boost::asio::buffer(reply));
    EXPECT_EQ(reply, "ping");
    EXPECT_FALSE(record->sawTls);
    EXPECT_EQ(metrics.gaugeValue("open_connections", {{"kind", "rtmp"}}), 1);
}

TEST_F(ListenerRegistryTest, TlsRoundTrip) {
    auto dir = makeSelfSignedCertificate();
    auto tlsSpec = spec("rtmps");
    tlsSpec.tls = TlsConfig{(dir / "cert.pem").string(), (dir / "key.pem").string()};
    registry.viewFor("rtmp")->add(tlsSpec, factory());
    registry.openAll();

    boost::asio::io_context io;
    boost::asio::ssl::context clientContext(boost::asio::ssl::context::tls_client);
    clientContext.set_verify_mode(boost::asio::ssl::verify_none);
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> client(io, clientContext);
    client.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(registry.boundPort("rtmps"))});
    client.handshake(boost::asio::ssl::stream_base::client);
    boost::asio::write(client, boost::asio::buffer(std::string("secret hello")));
    std::string reply(12, '\0');
    boost::asio::read(client, boost::asio::buffer(reply));
    EXPECT_EQ(reply, "secret hello");
    EXPECT_TRUE(record->sawTls);
    std::filesystem::remove_all(dir);
}

TEST_F(ListenerRegistryTest, UnreadableCertificateIsRefused) {
    auto tlsSpec = spec("rtmps");
    tlsSpec.tls = TlsConfig{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
    EXPECT_THROW(registry.viewFor("rtmp")->add(tlsSpec, factory()), std::invalid_argument);
}

TEST_F(ListenerRegistryTest, DuplicateNameIsRefused) {
    registry.viewFor("a")->add(spec("same"), factory());
    EXPECT_THROW(registry.viewFor("b")->add(spec("same"), factory()), std::invalid_argument);
}

TEST_F(ListenerRegistryTest, ReadTimeoutClosesSilentConnection) {
    auto quiet = spec("quiet");
    quiet.readTimeout = std::chrono::milliseconds(300);
    registry.viewFor("p")->add(quiet, factory());
    registry.openAll();
    RawClient client(registry.boundPort("quiet"));
    auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.closedByPeer(3000));
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
    EXPECT_TRUE(eventually([&] { return record->closed == 1; }));
}

TEST_F(ListenerRegistryTest, SlowReaderIsDisconnected) {
    auto bounded = spec("bounded");
    bounded.maxQueuedBytes = 4u << 20;
    registry.viewFor("p")->add(bounded, factory(true));
    registry.openAll();
    RawClient client(registry.boundPort("bounded"));  // never reads
    EXPECT_TRUE(eventually([&] { return record->closed == 1; }, std::chrono::milliseconds(10000)));
}

TEST_F(ListenerRegistryTest, MaxConnectionsKeepsEstablishedConnections) {
    auto limited = spec("limited");
    limited.maxConnections = 1;
    record->establishOnOpen = true;
    registry.viewFor("p")->add(limited, factory());
    registry.openAll();
    RawClient first(registry.boundPort("limited"));
    ASSERT_TRUE(eventually([&] { return record->opened == 1; }));
    RawClient second(registry.boundPort("limited"));
    EXPECT_TRUE(second.closedByPeer(3000));
    EXPECT_EQ(record->opened, 1);
    EXPECT_EQ(metrics.counterValue("connections_refused_total", {{"kind", "limited"}, {"reason", "capacity"}}), 1);
}

TEST_F(ListenerRegistryTest, NewcomerTakesTheOldestPendingConnectionsPlace) {
    const int port = openCrowdedListener();
    std::vector<std::unique_ptr<RawClient>> halfOpen;
    for (int i = 0; i < 3; ++i) {
        halfOpen.push_back(std::make_unique<RawClient>(port));
        ASSERT_TRUE(eventually([&] { return record->opened == i + 1; }));
    }
    EXPECT_EQ(metrics.gaugeValue("pending_connections", {{"kind", "crowded"}}), 3);
    RawClient newcomer(port);
    EXPECT_TRUE(halfOpen[0]->closedByPeer(3000)) << "the oldest pending connection made room";
    ASSERT_TRUE(eventually([&] { return record->opened == 4; }));
    expectEcho(newcomer, "hi");
    EXPECT_EQ(metrics.counterValue("connections_evicted_total", {{"kind", "crowded"}}), 1);
}

TEST_F(ListenerRegistryTest, EstablishedConnectionsAreNeverEvicted) {
    const int port = openCrowdedListener();
    record->establishOnOpen = true;
    RawClient publisher(port);
    ASSERT_TRUE(eventually([&] { return record->opened == 1; }));
    record->establishOnOpen = false;
    std::vector<std::unique_ptr<RawClient>> halfOpen;
    for (int i = 0; i < 10; ++i) halfOpen.push_back(std::make_unique<RawClient>(port));
    ASSERT_TRUE(eventually([&] { return record->opened == 11; }));
    EXPECT_TRUE(eventually([&] { return record->closed == 7; })) << "ten pending connections, three places";
    expectEcho(publisher, "still here");
}

TEST_F(ListenerRegistryTest, PendingConnectionsGetAShortDeadlineUnderPressure) {
    auto crowded = spec("crowded");
    crowded.maxConnections = 4;  // pressure from two pending connections
    crowded.maxConnectionsPerAddress = 0;
    crowded.readTimeout = std::chrono::milliseconds(60'000);
    crowded.pendingTimeoutUnderPressure = std::chrono::milliseconds(300);
    registry.viewFor("p")->add(crowded, factory());
    registry.openAll();
    RawClient first(registry.boundPort("crowded"));
    RawClient second(registry.boundPort("crowded"));
    EXPECT_TRUE(second.closedByPeer(5000)) << "not the 60 s read timeout";
}

TEST_F(ListenerRegistryTest, PerAddressCapRefusesTheExtraConnectionsOfOneAddress) {
    auto capped = spec("capped");
    capped.maxConnectionsPerAddress = 2;
    registry.viewFor("p")->add(capped, factory());
    registry.openAll();
    const int port = registry.boundPort("capped");
    auto first = std::make_unique<RawClient>(port);
    RawClient second(port);
    ASSERT_TRUE(eventually([&] { return record->opened == 2; }));
    RawClient third(port);
    EXPECT_TRUE(third.closedByPeer(3000));
    EXPECT_EQ(record->opened, 2);
    EXPECT_EQ(metrics.counterValue("connections_refused_total", {{"kind", "capped"}, {"reason", "per_address"}}), 1);
    first.reset();  // closing gives the place back
    ASSERT_TRUE(eventually([&] { return record->closed == 1; }));
    RawClient fourth(port);
    EXPECT_TRUE(eventually([&] { return record->opened == 3; }));
}

TEST_F(ListenerRegistryTest, RemoveOwnerClosesItsListenersAndConnections) {
    registry.viewFor("gone")->add(spec("gone-listener"), factory());
    registry.viewFor("stays")->add(spec("kept-listener"), factory());
    registry.openAll();
    int port = registry.boundPort("gone-listener");
    RawClient client(port);
    ASSERT_TRUE(eventually([&] { return record->opened == 1; }));
    registry.removeOwner("gone");
    EXPECT_EQ(record->closed, 1) << "onClose ran before removeOwner returned";
    EXPECT_TRUE(client.closedByPeer(2000));
    EXPECT_EQ(registry.boundPort("gone-listener"), 0);
    EXPECT_GT(registry.boundPort("kept-listener"), 0);
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket probe(io);
    boost::system::error_code error;
    probe.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, error);
    EXPECT_TRUE(error) << "the port no longer accepts";
}

TEST_F(ListenerRegistryTest, AnEstablishedConnectionOutlivesThePendingDeadline) {
    auto crowded = spec("crowded");
    crowded.maxConnections = 1;  // its own pending moment is pressure already
    crowded.readTimeout = std::chrono::milliseconds(60'000);
    crowded.pendingTimeoutUnderPressure = std::chrono::milliseconds(200);
    record->establishOnOpen = true;
    registry.viewFor("p")->add(crowded, factory());
    registry.openAll();
    RawClient publisher(registry.boundPort("crowded"));
    ASSERT_TRUE(eventually([&] { return record->opened == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    EXPECT_EQ(record->closed, 0);
    expectEcho(publisher, "live");
}
