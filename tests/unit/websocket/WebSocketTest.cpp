#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

#include "NetTestSupport.h"
#include "httpserver/HttpServer.h"
#include "runtime/IoRuntime.h"
#include "websocket/WebSocketFrameHeader.h"

using namespace sockstream;
using namespace sockstream::test;
namespace websocket = boost::beast::websocket;

namespace {

struct Record {
    std::atomic<int> opened{0};
    std::atomic<int> closed{0};
    std::atomic<std::size_t> maxQueued{0};
};

/// Echoes every message; with `flood` set, instead sends 64 KiB messages on open
/// until the connection drops.
class EchoHandler : public WebSocketHandler {
public:
    EchoHandler(std::shared_ptr<Record> record, bool flood) : _record(std::move(record)), _flood(flood) {}
    void onOpen(std::shared_ptr<WebSocketConnection> connection) override {
        _connection = connection;
        ++_record->opened;
        if (_flood) {
            for (int i = 0; i < 2000; ++i) {
                connection->sendBinary(std::string(64 * 1024, 'x'));
                _record->maxQueued = std::max(_record->maxQueued.load(), connection->queuedBytes());
            }
        }
    }
    void onMessage(std::string_view message, bool binary) override {
        if (_connection) binary ? _connection->sendBinary(std::string(message)) : _connection->sendText(std::string(message));
    }
    void onClose() override {
        ++_record->closed;
        _connection.reset();
    }

private:
    std::shared_ptr<Record> _record;
    bool _flood;
    std::shared_ptr<WebSocketConnection> _connection;
};

/// Message i of a burst: sizes cross the 7-, 16- and 64-bit length forms.
std::string burstMessage(int i) {
    // The three large ones once only: the whole burst stays under maxQueuedBytes.
    static const std::size_t sizes[] = {0, 5, 125, 126, 1000, 65535, 65536, 70000};
    std::size_t size = i < 8 ? sizes[i] : sizes[i % 5];
    std::string message(size, static_cast<char>('a' + i % 26));
    std::string tag = std::to_string(i);
    message.replace(0, std::min(size, tag.size()), tag.substr(0, std::min(size, tag.size())));
    return message;
}

constexpr int burstCount = 40;

/// On open: a burst of shared text payloads with a binary frame among them
/// (queued together, so they leave in gathered writes), then a close.
class BurstHandler : public WebSocketHandler {
public:
    explicit BurstHandler(bool closeAfter) : _closeAfter(closeAfter) {}
    void onOpen(std::shared_ptr<WebSocketConnection> connection) override {
        for (int i = 0; i < burstCount; ++i) {
            if (i == burstCount / 2) connection->sendBinary(std::string("\0\1binary", 8));
            connection->sendText(std::make_shared<const std::string>(burstMessage(i)));
        }
        if (_closeAfter) connection->close(4000, "bye");
        else _connection = std::move(connection);
    }
    void onMessage(std::string_view message, bool) override {
        if (_connection) _connection->sendText(std::make_shared<const std::string>(message));
    }
    void onClose() override { _connection.reset(); }

private:
    bool _closeAfter;
    std::shared_ptr<WebSocketConnection> _connection;
};

/// Keeps every opened connection, for broadcasts from the test, and the
/// thread each one opened on.
struct ConnectionList {
    std::mutex mutex;
    std::vector<std::shared_ptr<WebSocketConnection>> open;
    std::set<std::thread::id> threads;
    std::size_t size() {
        std::lock_guard lock(mutex);
        return open.size();
    }
    std::vector<std::shared_ptr<WebSocketConnection>> snapshot() {
        std::lock_guard lock(mutex);
        return open;
    }
    std::size_t threadCount() {
        std::lock_guard lock(mutex);
        return threads.size();
    }
};

class CollectingHandler : public WebSocketHandler {
public:
    explicit CollectingHandler(std::shared_ptr<ConnectionList> list) : _list(std::move(list)) {}
    void onOpen(std::shared_ptr<WebSocketConnection> connection) override {
        std::lock_guard lock(_list->mutex);
        _list->open.push_back(std::move(connection));
        _list->threads.insert(std::this_thread::get_id());
    }
    void onMessage(std::string_view, bool) override {}
    void onClose() override {}

private:
    std::shared_ptr<ConnectionList> _list;
};

}  // namespace

TEST(WebSocketFrameHeaderTest, EncodesTheThreeLengthForms) {
    auto tiny = core::WebSocketFrameHeader::make(core::WebSocketFrameHeader::textOpcode, 125);
    ASSERT_EQ(tiny.size, 2);
    EXPECT_EQ(tiny.bytes[0], 0x81);
    EXPECT_EQ(tiny.bytes[1], 125);  // no mask bit: server frames are unmasked
    auto medium = core::WebSocketFrameHeader::make(core::WebSocketFrameHeader::binaryOpcode, 126);
    ASSERT_EQ(medium.size, 4);
    EXPECT_EQ(medium.bytes[0], 0x82);
    EXPECT_EQ(medium.bytes[1], 126);
    EXPECT_EQ(medium.bytes[2], 0);
    EXPECT_EQ(medium.bytes[3], 126);
    auto edge = core::WebSocketFrameHeader::make(core::WebSocketFrameHeader::textOpcode, 65535);
    ASSERT_EQ(edge.size, 4);
    EXPECT_EQ(edge.bytes[2], 0xff);
    EXPECT_EQ(edge.bytes[3], 0xff);
    auto large = core::WebSocketFrameHeader::make(core::WebSocketFrameHeader::textOpcode, 0x0102030405ull);
    ASSERT_EQ(large.size, 10);
    EXPECT_EQ(large.bytes[1], 127);
    const unsigned char expected[8] = {0, 0, 0, 1, 2, 3, 4, 5};
    for (int i = 0; i < 8; ++i) EXPECT_EQ(large.bytes[2 + i], expected[i]) << i;
}

class WebSocketTest : public ::testing::Test {
protected:
    /// Two I/O loops; WebSockets spread over all of them unless told otherwise.
    explicit WebSocketTest(int webSocketThreads = 0) : runtime{2, 2, webSocketThreads} {}

    void SetUp() override {
        runtime.start();
        core::HttpServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        server = std::make_unique<core::HttpServer>(runtime, options, dispatcher, metrics);
        server->open();
        port = server->boundPort();
        dispatcher.set([this](std::shared_ptr<const HttpRequest> request, HttpResponder responder) {
            WebSocketOptions wsOptions;
            wsOptions.maxMessageBytes = 1024;
            wsOptions.maxQueuedBytes = 256 * 1024;
            if (request->path == "/collect") {
                responder.acceptWebSocket(std::make_shared<CollectingHandler>(collected), wsOptions);
                return;
            }
            if (request->path == "/held") {
                // Holds this request until the test lets go of it, then keeps
                // the WebSocket loop busy until the test lets go of that too,
                // so the connection's move there is under way meanwhile.
                heldOffTheWebSocketLoop = !runtime.io().get_executor().running_in_this_thread();
                heldRequestSeen = true;
                holdRequest->get_future().wait();
                boost::asio::post(runtime.io(), [gate = holdWebSocketLoop] { gate->get_future().wait(); });
                responder.acceptWebSocket(std::make_shared<EchoHandler>(heldRecord, false), wsOptions);
                return;
            }
            if (request->path == "/burst" || request->path == "/burst-open") {
                responder.acceptWebSocket(std::make_shared<BurstHandler>(request->path == "/burst"), wsOptions);
                return;
            }
            responder.acceptWebSocket(std::make_shared<EchoHandler>(record, request->path == "/flood"), wsOptions);
        });
    }
    void TearDown() override {
        releaseRequest();  // a test that stopped early must not leave a loop held
        releaseWebSocketLoop();
        server->close();
        runtime.stop();
    }

    using Client = websocket::stream<boost::asio::ip::tcp::socket>;
    std::unique_ptr<Client> connect(const std::string& path) {
        auto client = std::make_unique<Client>(clientIo);
        client->next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
        client->handshake("127.0.0.1", path);
        return client;
    }
    /// Clients on /collect, returned once the server holds every one of them
    /// (`collected`); callers check collected->snapshot() has them all.
    std::vector<std::unique_ptr<Client>> connectCollected(std::size_t count) {
        std::vector<std::unique_ptr<Client>> clients;
        for (std::size_t i = 0; i < count; ++i) clients.push_back(connect("/collect"));
        EXPECT_TRUE(eventually([&] { return collected->size() == count; }));
        return clients;
    }

    /// `count` clients on /ws each get their own text echoed; then all close,
    /// and the server counts each once: in the gauges, handlers and 101s.
    void expectEchoesThenOneCloseEach(int count) {
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < count; ++i) clients.push_back(connect("/ws"));
        for (int i = 0; i < count; ++i) {
            const std::string text = "hello " + std::to_string(i);
            clients[i]->write(boost::asio::buffer(text));
            boost::beast::flat_buffer buffer;
            clients[i]->read(buffer);
            EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), text);
            EXPECT_TRUE(clients[i]->got_text());
        }
        EXPECT_EQ(metrics.gaugeValue("open_connections", {{"kind", "websocket"}}), count);
        EXPECT_EQ(metrics.gaugeValue("open_connections", {{"kind", "http"}}), 0);
        for (auto& client : clients) client->close(websocket::close_code::normal);
        EXPECT_TRUE(eventually([&] { return record->closed == count; }));
        EXPECT_EQ(record->opened, count);
        EXPECT_TRUE(eventually([&] { return metrics.gaugeValue("open_connections", {{"kind", "websocket"}}) == 0; }));
        EXPECT_EQ(metrics.counterValue("http_requests_total", {{"status", "101"}}), count);
    }

    core::IoRuntime runtime;
    boost::asio::io_context clientIo;
    FakeMetrics metrics;
    LambdaDispatcher dispatcher;
    std::unique_ptr<core::HttpServer> server;
    std::shared_ptr<Record> record = std::make_shared<Record>();
    std::shared_ptr<ConnectionList> collected = std::make_shared<ConnectionList>();
    void releaseRequest() {
        if (!requestReleased.exchange(true)) holdRequest->set_value();
    }
    void releaseWebSocketLoop() {
        if (!loopReleased.exchange(true)) holdWebSocketLoop->set_value();
    }
    std::atomic<bool> requestReleased{false};
    std::atomic<bool> loopReleased{false};
    std::shared_ptr<std::promise<void>> holdRequest = std::make_shared<std::promise<void>>();
    std::shared_ptr<std::promise<void>> holdWebSocketLoop = std::make_shared<std::promise<void>>();
    std::shared_ptr<Record> heldRecord = std::make_shared<Record>();
    std::atomic<bool> heldRequestSeen{false};
    std::atomic<bool> heldOffTheWebSocketLoop{false};
    int port = 0;
};

TEST_F(WebSocketTest, EchoesAndClosesOnce) { expectEchoesThenOneCloseEach(1); }

TEST_F(WebSocketTest, OversizedMessageClosesWith1009) {
    auto client = connect("/ws");
    client->write(boost::asio::buffer(std::string(4096, 'a')));
    boost::beast::flat_buffer buffer;
    boost::system::error_code error;
    client->read(buffer, error);
    // The read fails (closed, or the teardown races the server's own close);
    // what matters is the close frame the server sent first.
    EXPECT_TRUE(error);
    EXPECT_EQ(client->reason().code, websocket::close_code::too_big);
    EXPECT_TRUE(eventually([&] { return record->closed == 1; }));
}

TEST_F(WebSocketTest, SlowReaderIsDisconnected) {
    auto client = connect("/flood");  // and never read
    EXPECT_TRUE(eventually([&] { return record->closed == 1; }, std::chrono::milliseconds(10000)));
    EXPECT_LE(record->maxQueued.load(), 256u * 1024u);
}

TEST_F(WebSocketTest, PlainRequestToWebSocketEndpointGives400) {
    RawClient client(port);
    auto response = client.request("GET /ws HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(response.result_int(), 400);
    EXPECT_TRUE(eventually([&] { return record->closed == 1; }));
}

TEST_F(WebSocketTest, ServerCloseEndsWebSockets) {
    auto client = connect("/ws");
    ASSERT_TRUE(eventually([&] { return record->opened == 1; }));
    server->close();
    EXPECT_EQ(record->closed, 1);
    boost::beast::flat_buffer buffer;
    boost::system::error_code error;
    client->read(buffer, error);
    EXPECT_TRUE(error);
}

TEST_F(WebSocketTest, QueuedFramesArriveWholeAndInOrderBeforeTheClose) {
    auto client = connect("/burst");
    for (int i = 0; i < burstCount; ++i) {
        boost::beast::flat_buffer buffer;
        if (i == burstCount / 2) {
            client->read(buffer);
            EXPECT_TRUE(client->got_binary());
            EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), std::string("\0\1binary", 8));
            buffer.consume(buffer.size());
        }
        client->read(buffer);
        EXPECT_TRUE(client->got_text()) << i;
        ASSERT_EQ(boost::beast::buffers_to_string(buffer.data()), burstMessage(i)) << i;
    }
    boost::beast::flat_buffer buffer;
    boost::system::error_code error;
    client->read(buffer, error);
    EXPECT_EQ(error, websocket::error::closed);
    EXPECT_EQ(client->reason().code, 4000);
    EXPECT_EQ(std::string(client->reason().reason), "bye");
}

TEST_F(WebSocketTest, PongsAndDataShareTheWireWithoutCorruption) {
    auto client = connect("/burst-open");
    std::atomic<int> pongs{0};
    client->control_callback([&](websocket::frame_type kind, boost::beast::string_view payload) {
        if (kind == websocket::frame_type::pong && payload == "p") ++pongs;
    });
    client->ping("p");  // answered by Beast, through the same queue as our frames
    client->write(boost::asio::buffer(std::string("echo")));
    for (int i = 0; i < burstCount + 1; ++i) {
        boost::beast::flat_buffer buffer;
        client->read(buffer);
    }
    boost::beast::flat_buffer buffer;
    client->read(buffer);
    EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), "echo");
    EXPECT_EQ(pongs, 1);
    client->close(websocket::close_code::normal);
}

TEST_F(WebSocketTest, SendTextToAllReachesEveryConnectionInOrder) {
    // Enough connections to land on both I/O threads.
    auto clients = connectCollected(5);
    auto targets = collected->snapshot();
    ASSERT_EQ(targets.size(), clients.size());
    targets.push_back(nullptr);  // skipped
    for (int i = 0; i < 20; ++i) sendTextToAll(targets, std::make_shared<const std::string>(burstMessage(i)));
    for (auto& client : clients) {
        for (int i = 0; i < 20; ++i) {
            boost::beast::flat_buffer buffer;
            client->read(buffer);
            EXPECT_TRUE(client->got_text());
            ASSERT_EQ(boost::beast::buffers_to_string(buffer.data()), burstMessage(i)) << i;
        }
    }
    for (auto& target : targets) {
        if (target) {
            EXPECT_TRUE(eventually([&] { return target->queuedBytes() == 0; }));
        }
    }
}

/// A connection that is not the core's (an adapter, a test double): it gets
/// an audience's messages one by one through sendText.
class RecordingConnection : public WebSocketConnection {
public:
    void sendText(std::string message) override { texts.push_back(std::move(message)); }
    void sendText(std::shared_ptr<const std::string> message) override { texts.push_back(*message); }
    void sendBinary(std::string) override {}
    void close(std::uint16_t, std::string) override {}
    std::size_t queuedBytes() const override { return 0; }
    const std::string& remoteAddress() const override { return address; }
    std::vector<std::string> texts;
    std::string address = "test";
};

TEST_F(WebSocketTest, AnAudienceReachesItsMembersBroadcastAfterBroadcastAndGoesOnWhenOneLeaves) {
    auto clients = connectCollected(5);  // on both I/O threads
    auto members = collected->snapshot();
    ASSERT_EQ(members.size(), clients.size());
    auto adapter = std::make_shared<RecordingConnection>();
    members.push_back(adapter);
    members.push_back(nullptr);  // left out
    const WebSocketAudience audience(members);
    EXPECT_EQ(audience.size(), 6u);

    audience.sendText({std::make_shared<const std::string>("one")});
    audience.sendText({std::make_shared<const std::string>("two"), nullptr, std::make_shared<const std::string>("three")});
    for (auto& client : clients) {
        for (const char* expected : {"one", "two", "three"}) {
            boost::beast::flat_buffer buffer;
            client->read(buffer);
            EXPECT_TRUE(client->got_text());
            EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), expected);
        }
    }
    EXPECT_EQ(adapter->texts, (std::vector<std::string>{"one", "two", "three"}));

    // A member that leaves stays in the audience (a new one is built when
    // members change); sending to it, closing or closed, harms nobody else.
    clients.front()->close(websocket::close_code::normal);
    clients.erase(clients.begin());
    audience.sendText({std::make_shared<const std::string>("four")});
    for (auto& client : clients) {
        boost::beast::flat_buffer buffer;
        client->read(buffer);
        EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), "four");
    }
    EXPECT_EQ(adapter->texts.back(), "four");

    const WebSocketAudience nobody;
    EXPECT_EQ(nobody.size(), 0u);
    nobody.sendText({std::make_shared<const std::string>("to nobody")});  // nothing to do, nothing breaks
    const WebSocketAudience copy = audience;
    EXPECT_EQ(copy.size(), 6u);
}

TEST_F(WebSocketTest, SendTextToAllWithSeveralMessagesSendsEachAsItsOwnFrameInOrder) {
    auto clients = connectCollected(4);
    auto targets = collected->snapshot();
    ASSERT_EQ(targets.size(), clients.size());
    // Lengths that take each of the three header sizes; a null message is skipped.
    const std::vector<std::string> expected{"a", std::string(300, 'b'), std::string(70'000, 'c'), "", "d"};
    std::vector<std::shared_ptr<const std::string>> batch;
    for (const auto& text : expected) batch.push_back(std::make_shared<const std::string>(text));
    batch.insert(batch.begin() + 2, nullptr);
    sendTextToAll(targets, std::make_shared<const std::string>("before"));
    sendTextToAll(targets, batch);
    sendTextToAll(targets, std::make_shared<const std::string>("after"));
    for (auto& client : clients) {
        std::vector<std::string> received;
        for (std::size_t i = 0; i < expected.size() + 2; ++i) {
            boost::beast::flat_buffer buffer;
            client->read(buffer);
            EXPECT_TRUE(client->got_text());
            received.push_back(boost::beast::buffers_to_string(buffer.data()));
        }
        std::vector<std::string> wanted{"before"};
        wanted.insert(wanted.end(), expected.begin(), expected.end());
        wanted.push_back("after");
        EXPECT_EQ(received, wanted);
    }
    for (auto& target : targets) EXPECT_TRUE(eventually([&] { return target->queuedBytes() == 0; }));
    // Nothing to send sends nothing: the next frame each client reads is "last".
    sendTextToAll(targets, std::vector<std::shared_ptr<const std::string>>{nullptr});
    sendTextToAll(targets, std::make_shared<const std::string>("last"));
    for (auto& client : clients) {
        boost::beast::flat_buffer buffer;
        client->read(buffer);
        EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), "last");
    }
}

TEST_F(WebSocketTest, SendTextToAllDropsASlowReader) {
    auto clients = connectCollected(1);
    auto& slow = clients.front();  // does not read until the end
    auto targets = collected->snapshot();
    ASSERT_EQ(targets.size(), 1u);
    auto payload = std::make_shared<const std::string>(64 * 1024, 'x');
    std::size_t maxQueued = 0;
    for (int i = 0; i < 2000; ++i) {
        sendTextToAll(targets, payload);
        maxQueued = std::max(maxQueued, targets[0]->queuedBytes());
    }
    EXPECT_LE(maxQueued, 256u * 1024u);
    // What the kernel buffered arrives, then the end of the dropped connection.
    boost::beast::flat_buffer buffer;
    boost::system::error_code error;
    for (int i = 0; i < 2000 && !error; ++i) {
        slow->read(buffer, error);
        buffer.consume(buffer.size());
    }
    EXPECT_TRUE(error) << "the slow reader's connection was dropped";
}

/// WebSockets kept on the first of the two loops (server.webSocketThreads 1):
/// those accepted on the other loop move there after the upgrade.
class WebSocketOnOneLoopTest : public WebSocketTest {
protected:
    WebSocketOnOneLoopTest() : WebSocketTest(1) {}
};

TEST_F(WebSocketTest, ConnectionsSpreadOverEveryLoopByDefault) {
    auto clients = connectCollected(4);
    EXPECT_EQ(collected->snapshot().size(), 4u);
    EXPECT_EQ(collected->threadCount(), 2u);
}

TEST_F(WebSocketOnOneLoopTest, EveryConnectionOpensOnTheSameLoop) {
    auto clients = connectCollected(4);
    EXPECT_EQ(collected->snapshot().size(), 4u);
    EXPECT_EQ(collected->threadCount(), 1u);
    sendTextToAll(collected->snapshot(), std::make_shared<const std::string>("all here"));
    for (auto& client : clients) {
        boost::beast::flat_buffer buffer;
        client->read(buffer);
        EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), "all here");
    }
}

TEST_F(WebSocketOnOneLoopTest, MovedConnectionsEchoAndCloseOnce) {
    expectEchoesThenOneCloseEach(4);  // half of them accepted on the other loop and moved
}

TEST_F(WebSocketOnOneLoopTest, ServerCloseEndsMovedWebSockets) {
    auto first = connect("/ws");
    auto second = connect("/ws");  // accepted on the other loop, moved
    ASSERT_TRUE(eventually([&] { return record->opened == 2; }));
    server->close();
    EXPECT_EQ(record->closed, 2);
    for (auto* client : {first.get(), second.get()}) {
        boost::beast::flat_buffer buffer;
        boost::system::error_code error;
        client->read(buffer, error);
        EXPECT_TRUE(error);
    }
}

TEST_F(WebSocketOnOneLoopTest, ClosingTheServerWaitsForAConnectionOnItsWayToTheWebSocketLoop) {
    {
        RawClient warmUp(port);  // accepted on the first loop: the next one lands on the second
        EXPECT_EQ(warmUp.request("GET /nothing HTTP/1.1\r\nHost: t\r\n\r\n").result_int(), 400);
    }
    ASSERT_TRUE(eventually([&] { return metrics.gaugeValue("open_connections", {{"kind", "http"}}) == 0; }));
    RawClient moving(port);
    moving.write("GET /held HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    ASSERT_TRUE(eventually([&] { return heldRequestSeen.load(); }));
    ASSERT_TRUE(heldOffTheWebSocketLoop) << "the upgrade must come from the other loop for its socket to move";

    // The server starts closing while the request is still unanswered; then
    // the upgrade happens, and the socket leaves for a loop that is busy.
    auto closing = std::async(std::launch::async, [&] { server->close(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    releaseRequest();
    EXPECT_EQ(closing.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
        << "close() returned while a connection was still on its way";
    releaseWebSocketLoop();
    ASSERT_EQ(closing.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_EQ(heldRecord->closed, 1) << "the handler heard onClose before close() returned";
    EXPECT_EQ(heldRecord->opened, 0);
    EXPECT_TRUE(moving.closedByPeer());
}
