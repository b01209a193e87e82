// HlsRoutes against gmock mocks of the core's router and cluster: which routes
// it installs, and how it answers requests that need no live stream (bad
// paths, unknown rooms, rooms another server carries, CORS preflights).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "HlsConfig.h"
#include "HlsRoutes.h"
#include "MockCluster.h"
#include "MockHttpRouter.h"
#include "StreamRegistry.h"

namespace sockstream::hls {
namespace {

using ::testing::_;
using ::testing::Eq;
using ::testing::Field;
using ::testing::Invoke;
using ::testing::NiceMock;
using ::testing::Return;

/// Records what a handler answered; a responder dropped unanswered leaves it empty.
class RecordingExchange : public HttpResponder::Exchange {
public:
    void send(HttpResponse response) override {
        ++sends;
        if (!answer) answer = std::move(response);
    }
    void acceptWebSocket(std::shared_ptr<WebSocketHandler>, const WebSocketOptions&) override { ++upgrades; }
    bool clientConnected() const override { return true; }

    std::optional<HttpResponse> answer;
    int sends = 0;
    int upgrades = 0;
};

/// A header's value, or nullopt.
std::optional<std::string> header(const HttpResponse& response, std::string_view name) {
    const std::string* value = response.findHeader(name);
    return value ? std::optional<std::string>(*value) : std::nullopt;
}

struct Route {
    AsyncHttpHandler async;
    HttpHandler sync;
    Dispatch dispatch = Dispatch::Worker;
};

class HlsRoutesTest : public ::testing::Test {
protected:
    void SetUp() override { install(); }

    void install() {
        routes.clear();
        ON_CALL(router, addAsync(_, _, _))
            .WillByDefault(Invoke([this](const std::string& method, const std::string& pattern, AsyncHttpHandler handler) {
                routes[method + " " + pattern].async = std::move(handler);
            }));
        ON_CALL(router, add(_, _, _, _))
            .WillByDefault(Invoke(
                [this](const std::string& method, const std::string& pattern, HttpHandler handler, Dispatch dispatch) {
                    routes[method + " " + pattern] = Route{{}, std::move(handler), dispatch};
                }));
        hlsRoutes = std::make_unique<HlsRoutes>(registry, config, cluster);
        hlsRoutes->install(router);
    }

    static HttpRequest request(std::string method, std::string roomId, std::optional<std::string> file = std::nullopt) {
        HttpRequest request;
        request.method = std::move(method);
        request.params["roomId"] = roomId;
        if (file) {
            request.params["file"] = *file;
            request.path = "/hls/" + roomId + "/" + *file;
        } else {
            request.path = "/api/rooms/" + roomId + "/thumbnail.jpg";
        }
        request.target = request.path;
        request.remoteAddress = "127.0.0.1";
        return request;
    }

    /// Runs an asynchronous route and returns the exchange it answered on.
    std::shared_ptr<RecordingExchange> get(const std::string& pattern, const HttpRequest& request) {
        auto exchange = std::make_shared<RecordingExchange>();
        auto route = routes.find("GET " + pattern);
        EXPECT_NE(route, routes.end()) << pattern;
        if (route != routes.end()) route->second.async(request, HttpResponder(exchange));
        return exchange;
    }
    std::shared_ptr<RecordingExchange> getHls(const std::string& roomId, const std::string& file,
                                              std::optional<std::string> origin = std::nullopt) {
        auto r = request("GET", roomId, file);
        if (origin) r.headers.emplace_back("Origin", *origin);
        return get("/hls/{roomId}/{file...}", r);
    }

    /// The code of the platform's error shape {"error":{"code":...,"message":...}}.
    static std::string errorCode(const HttpResponse& response) {
        auto root = Poco::JSON::Parser().parse(std::string(response.body())).extract<Poco::JSON::Object::Ptr>();
        return root->getObject("error")->getValue<std::string>("code");
    }

    NiceMock<mocks::MockHttpRouter> router;
    NiceMock<mocks::MockCluster> cluster;
    StreamRegistry registry;
    HlsConfig config;
    std::unique_ptr<HlsRoutes> hlsRoutes;
    std::map<std::string, Route> routes;
};

TEST_F(HlsRoutesTest, InstallsPlaylistsAndMediaThumbnailsAndAnInlinePreflight) {
    ASSERT_EQ(routes.size(), 3u);
    EXPECT_TRUE(routes.at("GET /hls/{roomId}/{file...}").async);
    EXPECT_TRUE(routes.at("GET /api/rooms/{roomId}/thumbnail.jpg").async);
    const Route& preflight = routes.at("OPTIONS /hls/{roomId}/{file...}");
    EXPECT_TRUE(preflight.sync);
    // Answered from memory: no reason to wait for a worker.
    EXPECT_EQ(preflight.dispatch, Dispatch::Inline);
}

TEST_F(HlsRoutesTest, AFileNameWithASeparatorOrDotDotIsABadRequest) {
    for (const std::string file : {"..", "a..b.ts", "x\\y.ts"}) {
        auto exchange = getHls("room1", file);
        ASSERT_TRUE(exchange->answer) << file;
        EXPECT_EQ(exchange->answer->status, 400) << file;
        EXPECT_EQ(errorCode(*exchange->answer), "bad_path") << file;
        EXPECT_EQ(header(*exchange->answer, "Cache-Control"), "no-store") << file;
    }
}

TEST_F(HlsRoutesTest, UnknownFilesAndInvalidRoomIdsAreNotFoundWithoutAskingTheCluster) {
    EXPECT_CALL(cluster, locateBroadcast(_)).Times(0);
    EXPECT_CALL(cluster, forward(_, _, _)).Times(0);
    for (const auto& [room, file] : std::vector<std::pair<std::string, std::string>>{
             {"room1", "index.html"}, {"room1", "seg-x-1.mp4"}, {"room1", "part-1-2.ts"}, {"room!", "index.m3u8"},
             {std::string(300, 'a'), "index.m3u8"}}) {
        auto exchange = getHls(room, file);
        ASSERT_TRUE(exchange->answer) << room << "/" << file;
        EXPECT_EQ(exchange->answer->status, 404) << room << "/" << file;
        EXPECT_EQ(errorCode(*exchange->answer), "not_found") << room << "/" << file;
    }
}

TEST_F(HlsRoutesTest, ARoomNobodyCarriesIsOffline) {
    EXPECT_CALL(cluster, locateBroadcast("room1")).WillOnce(Return(std::nullopt));
    auto exchange = getHls("room1", "index.m3u8");
    ASSERT_TRUE(exchange->answer);
    EXPECT_EQ(exchange->answer->status, 404);
    EXPECT_EQ(errorCode(*exchange->answer), "offline");
    EXPECT_EQ(header(*exchange->answer, "Cache-Control"), "no-store");
    EXPECT_EQ(exchange->sends, 1);
}

TEST_F(HlsRoutesTest, ARoomAnotherServerCarriesIsForwardedThereAndNotAnsweredHere) {
    const RemoteBroadcast elsewhere{"b", "http://10.0.0.8:8080"};
    EXPECT_CALL(cluster, locateBroadcast("room1")).WillRepeatedly(Return(elsewhere));
    EXPECT_CALL(cluster, forward(Field(&HttpRequest::path, Eq("/hls/room1/media.m3u8")),
                                 Field(&RemoteBroadcast::serverId, Eq("b")), _));
    auto exchange = getHls("room1", "media.m3u8");
    EXPECT_FALSE(exchange->answer);
}

TEST_F(HlsRoutesTest, ThumbnailsOfUnknownRoomsAreForwardedOrOffline) {
    auto offline = get("/api/rooms/{roomId}/thumbnail.jpg", request("GET", "room1"));
    ASSERT_TRUE(offline->answer);
    EXPECT_EQ(offline->answer->status, 404);
    EXPECT_EQ(errorCode(*offline->answer), "offline");

    EXPECT_CALL(cluster, locateBroadcast("room2")).WillOnce(Return(RemoteBroadcast{"b", "http://10.0.0.8:8080"}));
    EXPECT_CALL(cluster, forward(Field(&HttpRequest::path, Eq("/api/rooms/room2/thumbnail.jpg")), _, _));
    auto forwarded = get("/api/rooms/{roomId}/thumbnail.jpg", request("GET", "room2"));
    EXPECT_FALSE(forwarded->answer);

    EXPECT_CALL(cluster, locateBroadcast("bad id")).Times(0);
    auto invalid = get("/api/rooms/{roomId}/thumbnail.jpg", request("GET", "bad id"));
    ASSERT_TRUE(invalid->answer);
    EXPECT_EQ(invalid->answer->status, 404);
}

TEST_F(HlsRoutesTest, EveryOriginMayReadByDefault) {
    auto exchange = getHls("room1", "index.m3u8", "https://elsewhere.example");
    ASSERT_TRUE(exchange->answer);
    EXPECT_EQ(header(*exchange->answer, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(header(*exchange->answer, "Access-Control-Expose-Headers"), "Content-Length, Content-Range, ETag");
}

TEST_F(HlsRoutesTest, ListedOriginsAreEchoedAndOthersGetNoCorsHeaders) {
    config.corsOrigins = {"https://player.example"};
    install();
    auto listed = getHls("room1", "index.m3u8", "https://player.example");
    ASSERT_TRUE(listed->answer);
    EXPECT_EQ(header(*listed->answer, "Access-Control-Allow-Origin"), "https://player.example");
    EXPECT_EQ(header(*listed->answer, "Vary"), "Origin");

    auto other = getHls("room1", "index.m3u8", "https://evil.example");
    ASSERT_TRUE(other->answer);
    EXPECT_FALSE(header(*other->answer, "Access-Control-Allow-Origin"));
    EXPECT_FALSE(header(*other->answer, "Access-Control-Expose-Headers"));
}

TEST_F(HlsRoutesTest, ThePreflightAllowsRangeRequestsAndIsCachedForADay) {
    auto r = request("OPTIONS", "room1", "index.m3u8");
    r.headers.emplace_back("Origin", "https://player.example");
    HttpResponse response = routes.at("OPTIONS /hls/{roomId}/{file...}").sync(r);
    EXPECT_EQ(response.status, 204);
    EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(header(response, "Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
    EXPECT_EQ(header(response, "Access-Control-Allow-Headers"), "Range, If-None-Match");
    EXPECT_EQ(header(response, "Access-Control-Max-Age"), "86400");
}

}  // namespace
}  // namespace sockstream::hls
