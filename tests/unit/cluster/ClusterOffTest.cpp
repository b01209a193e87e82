#include <future>
#include <mutex>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Logger.h>

#include "cluster/ClusterEnvelope.h"
#include "cluster/ClusterImpl.h"
#include "cluster/HttpForwarder.h"
#include "runtime/IoRuntime.h"

namespace sockstream::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

/// Keeps every response sent through it.
class RecordingExchange : public HttpResponder::Exchange {
public:
    void send(HttpResponse response) override {
        std::lock_guard lock(_mutex);
        _responses.push_back(std::move(response));
    }
    void acceptWebSocket(std::shared_ptr<WebSocketHandler>, const WebSocketOptions&) override {}
    bool clientConnected() const override { return true; }
    std::vector<HttpResponse> responses() const {
        std::lock_guard lock(_mutex);
        return _responses;
    }

private:
    mutable std::mutex _mutex;
    std::vector<HttpResponse> _responses;
};

class ClusterOff : public ::testing::Test {
protected:
    ClusterOff() : runtime(1, 1) { runtime.start(); }
    ~ClusterOff() override {
        cluster.reset();
        runtime.stop();
    }

    /// Waits until every task posted to the (single) I/O thread before this call has run.
    void drainIo() {
        std::promise<void> done;
        auto future = done.get_future();
        runtime.post([&done] { done.set_value(); });
        ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    }

    IoRuntime runtime;
    Poco::Logger& logger = Poco::Logger::get("test.cluster");
    std::unique_ptr<ClusterImpl> cluster = std::make_unique<ClusterImpl>(ClusterSettings{}, runtime, logger);
};

TEST_F(ClusterOff, IsDisabled) {
    cluster->start();  // does nothing: there is no Redis to reach
    EXPECT_FALSE(cluster->enabled());
    EXPECT_FALSE(cluster->locateBroadcast("r1"));
    EXPECT_FALSE(cluster->liveElsewhere("r1"));
    cluster->stop();
}

TEST_F(ClusterOff, PublishDoesNothing) {
    EXPECT_NO_THROW(cluster->publish("chat.room", "{}"));
    // Not even checked: a plugin may publish unconditionally on a single server.
    EXPECT_NO_THROW(cluster->publish("core.rooms", std::string(ClusterEnvelope::kMaxPayload + 1, 'x')));
    EXPECT_NO_THROW(cluster->publishCore("core.rooms", "room.created r1"));
    EXPECT_NO_THROW(cluster->broadcastStarted("r1"));
    EXPECT_NO_THROW(cluster->broadcastEnded("r1"));
    EXPECT_FALSE(cluster->locateBroadcast("r1"));
}

TEST_F(ClusterOff, ViewReportsOff) {
    auto view = cluster->viewFor("chat");
    EXPECT_FALSE(view->enabled());
    EXPECT_FALSE(view->locateBroadcast("r1"));
    EXPECT_NO_THROW(view->publish("chat.room", "{}"));
    auto id = view->subscribe("chat.room", [](const std::string&) {});
    view->unsubscribe(id);
}

TEST_F(ClusterOff, AForwardedRequestIsAnsweredNotForwardedAgain) {
    HttpRequest request;
    request.method = "GET";
    request.target = "/hls/r1/index.m3u8";
    request.path = request.target;
    request.remoteAddress = "127.0.0.1";
    request.headers = {{"x-sockstream-forwarded-by", "edge-2"}};  // header names are case-insensitive
    auto exchange = std::make_shared<RecordingExchange>();
    // An address nothing listens on: it must not even be tried.
    cluster->forward(request, RemoteBroadcast{"edge-3", "http://127.0.0.1:1"}, HttpResponder(exchange));
    drainIo();
    auto responses = exchange->responses();
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].status, 404);
    ASSERT_TRUE(responses[0].findHeader("Cache-Control"));
    EXPECT_EQ(*responses[0].findHeader("Cache-Control"), "no-store");
    EXPECT_THAT(std::string(responses[0].body()), HasSubstr("offline"));
}

TEST_F(ClusterOff, AnUnusableAnnouncedAddressIsA502) {
    HttpRequest request;
    request.method = "GET";
    request.target = "/hls/r1/index.m3u8";
    auto exchange = std::make_shared<RecordingExchange>();
    cluster->forward(request, RemoteBroadcast{"edge-3", "https://edge-3"}, HttpResponder(exchange));
    auto responses = exchange->responses();
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].status, 502);
}

/// Enabled but never started (no Redis): what arrives through deliver() is
/// what the receiving thread would hand over.
class ClusterDelivery : public ClusterOff {
protected:
    ClusterDelivery() {
        ClusterSettings settings;
        settings.enabled = true;
        settings.serverId = "edge-1";
        settings.advertiseUrl = "http://edge-1:8080";
        cluster = std::make_unique<ClusterImpl>(settings, runtime, logger);
    }

    std::vector<std::string> received() {
        std::lock_guard lock(_mutex);
        return _received;
    }
    ClusterMessageHandler recorder(std::string name) {
        return [this, name](const std::string& payload) {
            std::lock_guard lock(_mutex);
            _received.push_back(name + ":" + payload);
        };
    }

private:
    std::mutex _mutex;
    std::vector<std::string> _received;
};

TEST_F(ClusterDelivery, DeliversOtherServersMessagesToSubscribers) {
    cluster->subscribe("chat", "chat.room", recorder("a"));
    cluster->subscribe("chat", "chat.mute", recorder("b"));
    cluster->deliver(ClusterEnvelope{"edge-2", "chat.room", "one\ntwo"}.encode());
    cluster->deliver(ClusterEnvelope{"edge-1", "chat.room", "mine"}.encode());  // our own echo
    cluster->deliver("SSC1 edge 2\nchat.room\nmalformed");
    cluster->deliver("garbage");
    cluster->deliver(ClusterEnvelope{"edge-2", "chat.other", "nobody listens"}.encode());
    drainIo();
    EXPECT_THAT(received(), ElementsAre("a:one\ntwo"));
}

TEST_F(ClusterDelivery, UnsubscribedAndRemovedOwnersHearNothing) {
    auto id = cluster->subscribe("chat", "chat.room", recorder("chat"));
    cluster->subscribe("hls", "chat.room", recorder("hls"));
    cluster->subscribe("other", "chat.room", recorder("other"));
    cluster->unsubscribe(id);
    cluster->removeOwner("hls");
    cluster->deliver(ClusterEnvelope{"edge-2", "chat.room", "x"}.encode());
    drainIo();
    EXPECT_THAT(received(), ElementsAre("other:x"));
}

TEST_F(ClusterDelivery, PublishChecksChannelAndSize) {
    EXPECT_THROW(cluster->publish("", "x"), std::invalid_argument);
    EXPECT_THROW(cluster->publish("core.rooms", "x"), std::invalid_argument);
    EXPECT_THROW(cluster->publish(std::string(ClusterEnvelope::kMaxChannel + 1, 'c'), "x"), std::invalid_argument);
    EXPECT_THROW(cluster->publish("chat.room", std::string(ClusterEnvelope::kMaxPayload + 1, 'x')), std::invalid_argument);
    EXPECT_NO_THROW(cluster->publish("chat.room", std::string(ClusterEnvelope::kMaxPayload, 'x')));
}

TEST_F(ClusterDelivery, BroadcastAnnouncementsFillTheDirectory) {
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "up r1 http://edge-2:8080"}.encode());
    auto where = cluster->locateBroadcast("r1");
    ASSERT_TRUE(where);
    EXPECT_EQ(where->serverId, "edge-2");
    EXPECT_EQ(where->baseUrl, "http://edge-2:8080");
    EXPECT_TRUE(cluster->liveElsewhere("r1"));

    cluster->deliver(ClusterEnvelope{"edge-3", "core.broadcast", "down r1"}.encode());
    EXPECT_TRUE(cluster->locateBroadcast("r1")) << "only the server that holds it withdraws it";
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "down r1"}.encode());
    EXPECT_FALSE(cluster->locateBroadcast("r1"));
}

TEST_F(ClusterDelivery, MalformedAnnouncementsAreIgnored) {
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "up r1 https://edge-2"}.encode());
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "up r2"}.encode());
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "up"}.encode());
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "sideways r3 http://edge-2"}.encode());
    EXPECT_FALSE(cluster->locateBroadcast("r1"));
    EXPECT_FALSE(cluster->locateBroadcast("r2"));
    EXPECT_FALSE(cluster->locateBroadcast("r3"));
}

TEST_F(ClusterDelivery, AServersGoodbyeForgetsItsBroadcasts) {
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "up r1 http://edge-2:8080"}.encode());
    cluster->deliver(ClusterEnvelope{"edge-3", "core.broadcast", "up r2 http://edge-3:8080"}.encode());
    cluster->deliver(ClusterEnvelope{"edge-2", "core.server", "hello"}.encode());
    EXPECT_TRUE(cluster->locateBroadcast("r1"));
    cluster->deliver(ClusterEnvelope{"edge-2", "core.server", "bye"}.encode());
    EXPECT_FALSE(cluster->locateBroadcast("r1"));
    EXPECT_TRUE(cluster->locateBroadcast("r2"));
}

TEST_F(ClusterDelivery, CoreChannelsGoToTheCoreHandlerWithTheSender) {
    std::vector<std::string> heard;
    cluster->subscribeCore("core.rooms", [&heard](const std::string& serverId, const std::string& payload) {
        heard.push_back(serverId + ":" + payload);
    });
    cluster->subscribe("evil", "core.rooms", recorder("plugin"));
    cluster->deliver(ClusterEnvelope{"edge-2", "core.rooms", "room.created r1"}.encode());
    cluster->deliver(ClusterEnvelope{"edge-1", "core.rooms", "room.created r2"}.encode());  // our own echo
    drainIo();
    EXPECT_THAT(heard, ElementsAre("edge-2:room.created r1"));
    EXPECT_TRUE(received().empty()) << "plugins never see the core's channels";
}

TEST_F(ClusterDelivery, StartingOurOwnBroadcastTakesTheRoomOver) {
    cluster->deliver(ClusterEnvelope{"edge-2", "core.broadcast", "up r1 http://edge-2:8080"}.encode());
    ASSERT_TRUE(cluster->locateBroadcast("r1"));
    cluster->broadcastStarted("r1");
    EXPECT_FALSE(cluster->locateBroadcast("r1")) << "it is live here now";
}

}  // namespace
}  // namespace sockstream::core
