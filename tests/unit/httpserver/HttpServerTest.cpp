#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "NetTestSupport.h"
#include "httpserver/HttpServer.h"
#include "runtime/IoRuntime.h"
#include "sockstream/http/HttpResponse.h"

using namespace sockstream;
using namespace sockstream::test;
namespace http = boost::beast::http;

class HttpServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        runtime.start();
        core::HttpServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        options.maxHeaderBytes = 2048;
        options.maxBodyBytes = 1024;
        options.requestTimeout = std::chrono::seconds(1);
        options.idleTimeout = std::chrono::seconds(1);
        server = std::make_unique<core::HttpServer>(runtime, options, dispatcher, metrics);
        server->open();
        port = server->boundPort();
        dispatcher.set([](std::shared_ptr<const HttpRequest> request, HttpResponder responder) {
            HttpResponse response(200);
            std::string text = request->method + " " + request->path;
            for (const auto& [key, value] : request->query) text += " " + key + "=" + value;
            text += " from " + request->remoteAddress + " body=" + request->body;
            response.setBody(text, "text/plain");
            responder.send(std::move(response));
        });
    }
    void TearDown() override {
        server->close();
        runtime.stop();
    }
    /// Every request gets a 200 that `fill` completes (body, headers).
    void answerWith(std::function<void(HttpResponse&)> fill) {
        dispatcher.set([fill = std::move(fill)](std::shared_ptr<const HttpRequest>, HttpResponder responder) {
            HttpResponse response(200);
            fill(response);
            responder.send(std::move(response));
        });
    }

    core::IoRuntime runtime{2, 2};
    FakeMetrics metrics;
    LambdaDispatcher dispatcher;
    std::unique_ptr<core::HttpServer> server;
    int port = 0;
};

TEST_F(HttpServerTest, GetRoundTrip) {
    RawClient client(port);
    auto response = client.request("GET /hello%20world?a=1&b=x+y HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "GET /hello world a=1 b=x y from 127.0.0.1 body=");
    EXPECT_EQ(response[http::field::server], "SockStream/0.1.0");
    EXPECT_FALSE(response[http::field::date].empty());
    EXPECT_EQ(response[http::field::content_length], std::to_string(response.body().size()));
    EXPECT_TRUE(eventually([&] { return metrics.counterValue("http_requests_total", {{"status", "200"}}) == 1; }));
}

TEST_F(HttpServerTest, PostBodyAndKeepAliveReuse) {
    RawClient client(port);
    auto first = client.request("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
    EXPECT_EQ(first.body(), "POST /echo from 127.0.0.1 body=hello");
    EXPECT_TRUE(first.keep_alive());
    auto second = client.request("GET /again HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(second.body(), "GET /again from 127.0.0.1 body=");
    EXPECT_EQ(metrics.gaugeValue("open_connections", {{"kind", "http"}}), 1);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
    RawClient client(port);
    auto response = client.request("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_FALSE(response.keep_alive());
    EXPECT_TRUE(client.closedByPeer());
}

TEST_F(HttpServerTest, OversizedHeadersGive431) {
    RawClient client(port);
    auto response = client.request("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
    EXPECT_EQ(response.result_int(), 431);
    EXPECT_NE(response.body().find("\"error\""), std::string::npos);
    EXPECT_NE(response[http::field::content_type].find("application/json"), std::string::npos);
}

TEST_F(HttpServerTest, OversizedBodyGives413) {
    RawClient client(port);
    auto response = client.request("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b'));
    EXPECT_EQ(response.result_int(), 413);
    EXPECT_NE(response.body().find("body_too_large"), std::string::npos);
}

TEST_F(HttpServerTest, BadPathsGive400) {
    for (const char* target : {"/a/../b", "/%2e%2e/etc/passwd", "/a%2Fb", "/a%00b", "/a%5Cb", "/x%zz"}) {
        RawClient client(port);
        auto response = client.request(std::string("GET ") + target + " HTTP/1.1\r\nHost: t\r\n\r\n");
        EXPECT_EQ(response.result_int(), 400) << target;
        EXPECT_NE(response.body().find("bad_path"), std::string::npos) << target;
    }
}

TEST_F(HttpServerTest, MalformedRequestGives400) {
    RawClient client(port);
    auto response = client.request("GET / HTTP/1.1\r\nHost t\r\n\r\n");
    EXPECT_EQ(response.result_int(), 400);
}

TEST_F(HttpServerTest, AnswerFromAnotherThreadOnlyOnce) {
    dispatcher.set([](std::shared_ptr<const HttpRequest>, HttpResponder responder) {
        std::thread([responder] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            HttpResponse first(201);
            first.setBody("first", "text/plain");
            responder.send(std::move(first));
            HttpResponse second(202);
            second.setBody("second", "text/plain");
            responder.send(std::move(second));
        }).detach();
    });
    RawClient client(port);
    auto response = client.request("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(response.result_int(), 201);
    EXPECT_EQ(response.body(), "first");
    // The ignored second answer must not have been written on the connection.
    auto next = client.request("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(next.result_int(), 201);
}

TEST_F(HttpServerTest, DroppedResponderGives500) {
    dispatcher.set([](std::shared_ptr<const HttpRequest>, HttpResponder) {});
    RawClient client(port);
    auto response = client.request("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(response.result_int(), 500);
    EXPECT_NE(response.body().find("\"error\""), std::string::npos);
}

TEST_F(HttpServerTest, ClientConnectedTurnsFalseWhenPeerLeaves) {
    std::mutex mutex;
    std::optional<HttpResponder> held;
    dispatcher.set([&](std::shared_ptr<const HttpRequest>, HttpResponder responder) {
        std::lock_guard lock(mutex);
        held.emplace(std::move(responder));
    });
    {
        RawClient client(port);
        client.write("GET /poll HTTP/1.1\r\nHost: t\r\n\r\n");
        ASSERT_TRUE(eventually([&] { std::lock_guard lock(mutex); return held.has_value(); }));
        std::lock_guard lock(mutex);
        EXPECT_TRUE(held->clientConnected());
    }
    EXPECT_TRUE(eventually([&] { std::lock_guard lock(mutex); return !held->clientConnected(); }));
    std::lock_guard lock(mutex);
    held->send(HttpResponse(200));  // dropped quietly
    held.reset();
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
    RawClient client(port);
    // Three requests in one write: the second and third wait in the buffer or
    // the kernel while the first is answered.
    client.write("GET /one HTTP/1.1\r\nHost: t\r\n\r\n"
                 "POST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
                 "GET /three HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(client.readResponse().body(), "GET /one from 127.0.0.1 body=");
    EXPECT_EQ(client.readResponse().body(), "POST /two from 127.0.0.1 body=abc");
    EXPECT_EQ(client.readResponse().body(), "GET /three from 127.0.0.1 body=");
}

TEST_F(HttpServerTest, RequestSplitAcrossWritesIsReadWhole) {
    RawClient client(port);
    client.write("GET /sp");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    client.write("lit HTTP/1.1\r\nHost: t\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto response = client.request("\r\n");
    EXPECT_EQ(response.body(), "GET /split from 127.0.0.1 body=");
}

TEST_F(HttpServerTest, KeepAliveWorksAfterAnswersFromAnotherThread) {
    // The answer comes while the connection watches for the peer leaving; the
    // next request on the connection must still be read.
    dispatcher.set([](std::shared_ptr<const HttpRequest> request, HttpResponder responder) {
        std::thread([request, responder] {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            HttpResponse response(200);
            response.setBody(request->path, "text/plain");
            responder.send(std::move(response));
        }).detach();
    });
    RawClient client(port);
    for (int i = 0; i < 5; ++i) {
        auto response = client.request("GET /n" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
        EXPECT_EQ(response.body(), "/n" + std::to_string(i));
    }
}

TEST_F(HttpServerTest, EtagMatchGives304) {
    answerWith([](HttpResponse& response) {
        response.setBody("cached body", "text/plain");
        response.setHeader("ETag", "\"abc\"");
    });
    RawClient client(port);
    auto response = client.request("GET / HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"abc\"\r\n\r\n");
    EXPECT_EQ(response.result_int(), 304);
    EXPECT_TRUE(response.body().empty());
    EXPECT_EQ(response[http::field::etag], "\"abc\"");
    auto full = client.request("GET / HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"old\"\r\n\r\n");
    EXPECT_EQ(full.result_int(), 200);
    EXPECT_EQ(full.body(), "cached body");
}

TEST_F(HttpServerTest, RangesAndHeadOnSharedBody) {
    auto shared = std::make_shared<const std::string>("0123456789abcdef");
    answerWith([shared](HttpResponse& response) {
        response.setSharedBody(shared, "video/mp4");
        response.allowRanges();
    });
    RawClient client(port);
    auto partial = client.request("GET /seg HTTP/1.1\r\nHost: t\r\nRange: bytes=4-7\r\n\r\n");
    EXPECT_EQ(partial.result_int(), 206);
    EXPECT_EQ(partial.body(), "4567");
    EXPECT_EQ(partial[http::field::content_range], "bytes 4-7/16");
    auto unsatisfiable = client.request("GET /seg HTTP/1.1\r\nHost: t\r\nRange: bytes=100-\r\n\r\n");
    EXPECT_EQ(unsatisfiable.result_int(), 416);
    EXPECT_EQ(unsatisfiable[http::field::content_range], "bytes */16");
    auto head = client.request("HEAD /seg HTTP/1.1\r\nHost: t\r\n\r\n", true);
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(head[http::field::content_length], "16");
    EXPECT_EQ(head[http::field::accept_ranges], "bytes");
    // Nothing but headers was sent for HEAD: the next response parses cleanly.
    auto after = client.request("GET /seg HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(after.body(), *shared);
}

TEST_F(HttpServerTest, SealedBodyGoesOutWholeAndInRanges) {
    // Larger than a loopback socket's send buffer, so sendfile has to wait for
    // the client to read and resume where it stopped.
    std::string original(12 << 20, '\0');
    for (std::size_t i = 0; i < original.size(); ++i) original[i] = static_cast<char>(i % 253);
    auto sealed = SealedBytes::copyOf(original);
    ASSERT_GE(sealed->fileDescriptor(), 0);
    answerWith([sealed](HttpResponse& response) {
        response.setSealedBody(sealed, "video/mp2t");
        response.allowRanges();
    });
    RawClient client(port);
    auto whole = client.request("GET /seg HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(whole.result_int(), 200);
    EXPECT_EQ(whole[http::field::content_type], "video/mp2t");
    EXPECT_TRUE(whole.body() == original) << "the whole file, byte for byte";

    auto partial = client.request("GET /seg HTTP/1.1\r\nHost: t\r\nRange: bytes=5000000-5000009\r\n\r\n");
    EXPECT_EQ(partial.result_int(), 206);
    EXPECT_EQ(partial.body(), original.substr(5000000, 10)) << "sent from the range's offset in the file";
    auto tail = client.request("GET /seg HTTP/1.1\r\nHost: t\r\nRange: bytes=-3\r\n\r\n");
    EXPECT_EQ(tail.body(), original.substr(original.size() - 3));
    auto head = client.request("HEAD /seg HTTP/1.1\r\nHost: t\r\n\r\n", true);
    EXPECT_EQ(head[http::field::content_length], std::to_string(original.size()));

    // Two requests in one write: the second is answered after the first file is out.
    client.write("GET /seg HTTP/1.1\r\nHost: t\r\nRange: bytes=0-3\r\n\r\n"
                 "GET /seg HTTP/1.1\r\nHost: t\r\nRange: bytes=10-13\r\n\r\n");
    EXPECT_EQ(client.readResponse().body(), original.substr(0, 4));
    EXPECT_EQ(client.readResponse().body(), original.substr(10, 4));
}

TEST_F(HttpServerTest, ClientLeavingDuringSealedBodyDoesNotStopTheServer) {
    auto sealed = SealedBytes::copyOf(std::string(16 << 20, 'x'));
    answerWith([sealed](HttpResponse& response) {
        response.setSealedBody(sealed, "video/mp2t");
    });
    {
        RawClient leaver(port);
        leaver.write("GET /seg HTTP/1.1\r\nHost: t\r\n\r\n");
        char some[1024];
        ASSERT_GT(::recv(leaver.socket().native_handle(), some, sizeof some, 0), 0);
    }  // closed with most of the body unread
    RawClient next(port);
    auto answer = next.request("GET /seg HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1\r\n\r\n");
    EXPECT_EQ(answer.result_int(), 200) << "no ranges on this body: the whole body comes back";
    EXPECT_EQ(answer.body().size(), 16u << 20);
}

TEST_F(HttpServerTest, IdleConnectionIsClosed) {
    RawClient client(port);
    auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.closedByPeer(4000));
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(800));
}

TEST_F(HttpServerTest, SlowRequestTimesOut) {
    RawClient client(port);
    client.write("GET / HTTP/1.1\r\nHost: t\r\n");  // never finished
    EXPECT_TRUE(client.closedByPeer(4000));
}

TEST_F(HttpServerTest, CloseEndsConnections) {
    RawClient client(port);
    client.request("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    server->close();
    EXPECT_TRUE(client.closedByPeer(2000));
    EXPECT_EQ(metrics.gaugeValue("open_connections", {{"kind", "http"}}), 0);
}

TEST(HttpServerOpen, ReportsAddressInUse) {
    core::IoRuntime runtime(1, 1);
    runtime.start();
    FakeMetrics metrics;
    LambdaDispatcher dispatcher;
    core::HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    core::HttpServer first(runtime, options, dispatcher, metrics);
    first.open();
    options.port = first.boundPort();
    core::HttpServer second(runtime, options, dispatcher, metrics);
    try {
        second.open();
        FAIL() << "expected a bind failure";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(options.port)), std::string::npos);
    }
    first.close();
    runtime.stop();
}

TEST(HttpServerPerAddress, OneAddressCannotTakeEveryConnection) {
    core::IoRuntime runtime(1, 1);
    runtime.start();
    FakeMetrics metrics;
    LambdaDispatcher dispatcher;
    dispatcher.set([](std::shared_ptr<const HttpRequest>, HttpResponder responder) {
        HttpResponse response(200);
        response.setBody("ok", "text/plain");
        responder.send(std::move(response));
    });
    core::HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.maxConnectionsPerAddress = 2;
    core::HttpServer server(runtime, options, dispatcher, metrics);
    server.open();
    {
        auto first = std::make_unique<RawClient>(server.boundPort());
        RawClient second(server.boundPort());
        EXPECT_EQ(second.request("GET / HTTP/1.1\r\nHost: t\r\n\r\n").result_int(), 200);
        RawClient third(server.boundPort());
        EXPECT_TRUE(third.closedByPeer(3000)) << "the third idle connection of one address is refused";
        EXPECT_EQ(metrics.counterValue("connections_refused_total", {{"kind", "http"}, {"reason", "per_address"}}), 1);
        first.reset();  // its place comes back once it closed
        ASSERT_TRUE(eventually([&] { return metrics.gaugeValue("open_connections", {{"kind", "http"}}) == 1; }));
        RawClient fourth(server.boundPort());
        auto answer = fourth.request("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        EXPECT_EQ(answer.result_int(), 200);
        EXPECT_EQ(answer["X-Content-Type-Options"], "nosniff") << "on every answer";
    }
    server.close();
    runtime.stop();
}
