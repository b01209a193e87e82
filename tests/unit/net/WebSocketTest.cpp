#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

#include "NetTestSupport.h"
#include "net/HttpServer.h"
#include "net/IoRuntime.h"

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

}  // namespace

class WebSocketTest : public ::testing::Test {
protected:
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
            responder.acceptWebSocket(std::make_shared<EchoHandler>(record, request->path == "/flood"), wsOptions);
        });
    }
    void TearDown() override {
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

    core::IoRuntime runtime{2, 2};
    boost::asio::io_context clientIo;
    FakeMetrics metrics;
    LambdaDispatcher dispatcher;
    std::unique_ptr<core::HttpServer> server;
    std::shared_ptr<Record> record = std::make_shared<Record>();
    int port = 0;
};

TEST_F(WebSocketTest, EchoesAndClosesOnce) {
    auto client = connect("/ws");
    client->write(boost::asio::buffer(std::string("hello")));
    boost::beast::flat_buffer buffer;
    client->read(buffer);
    EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), "hello");
    EXPECT_TRUE(client->got_text());
    EXPECT_EQ(metrics.gaugeValue("open_connections", {{"kind", "websocket"}}), 1);
    EXPECT_EQ(metrics.gaugeValue("open_connections", {{"kind", "http"}}), 0);
    client->close(websocket::close_code::normal);
    EXPECT_TRUE(eventually([&] { return record->closed == 1; }));
    EXPECT_EQ(record->opened, 1);
    EXPECT_TRUE(eventually([&] { return metrics.gaugeValue("open_connections", {{"kind", "websocket"}}) == 0; }));
    EXPECT_EQ(metrics.counterValue("http_requests_total", {{"status", "101"}}), 1);
}

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
