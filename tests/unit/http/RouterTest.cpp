#include <atomic>
#include <stdexcept>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "CoreHarness.h"
#include "http/Router.h"
#include "runtime/IoRuntime.h"

namespace sockstream::core {
namespace {

using ::testing::HasSubstr;
using test::errorCode;

class RouterTest : public ::testing::Test {
protected:
    RouterTest()
        : runtime(1, 2),
          router(runtime, Poco::Logger::get("test.router"),
                 OriginPolicy("https://tv.example", {"https://partner.example"}, {"sockstream_session"})) {
        runtime.start();
    }
    ~RouterTest() override { runtime.stop(); }

    HttpResponse send(const std::string& method, const std::string& path,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
        auto request = std::make_shared<HttpRequest>();
        request->method = method;
        request->target = path;
        request->path = path;
        request->headers = std::move(headers);
        return test::dispatchAndWait(router, request);
    }
    static HttpHandler text(std::string body) {
        return [body](const HttpRequest&) {
            HttpResponse response(200);
            response.setBody(body, "text/plain");
            return response;
        };
    }

    IoRuntime runtime;
    Router router;
};

TEST_F(RouterTest, HandlersSeeTheirParameters) {
    router.add("core", "GET", "/api/rooms/{roomId}", [](const HttpRequest& request) {
        HttpResponse response(200);
        response.setBody(request.param("roomId") + "|" + request.param("absent"), "text/plain");
        return response;
    });
    HttpResponse response = send("GET", "/api/rooms/r-42");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body(), "r-42|");
}

TEST_F(RouterTest, ASharedRequestIsNotChangedByRouting) {
    router.add("core", "GET", "/api/rooms/{roomId}", [](const HttpRequest& request) {
        HttpResponse response(200);
        response.setBody(request.param("roomId"), "text/plain");
        return response;
    }, Dispatch::Inline);
    auto request = std::make_shared<HttpRequest>();
    request->method = "GET";
    request->target = request->path = "/api/rooms/r-7";
    HttpResponse response = test::dispatchAndWait(router, std::shared_ptr<const HttpRequest>(request));
    EXPECT_EQ(response.body(), "r-7");
    EXPECT_TRUE(request->params.empty()) << "the caller's request keeps no route parameters";
}

TEST_F(RouterTest, RestParameterAndBothDispatchModes) {
    router.add("hls", "GET", "/hls/{roomId}/{file...}", [](const HttpRequest& request) {
        HttpResponse response(200);
        response.setBody(request.param("roomId") + " " + request.param("file"), "text/plain");
        return response;
    }, Dispatch::Inline);
    router.add("core", "GET", "/worker", text("from a worker"), Dispatch::Worker);
    EXPECT_EQ(send("GET", "/hls/r1/v/seg-3.m4s").body(), "r1 v/seg-3.m4s");
    EXPECT_EQ(send("GET", "/worker").body(), "from a worker");
}

TEST_F(RouterTest, UnknownRouteIsJson404) {
    router.add("core", "GET", "/known", text("known"));
    HttpResponse response = send("POST", "/unknown");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(errorCode(response), "not_found");
    EXPECT_THAT(*response.findHeader("Content-Type"), HasSubstr("application/json"));
    EXPECT_EQ(send("GET", "/unknown").status, 404) << "without a fallback, GET is a 404 too";
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
    router.add("core", "GET", "/api/rooms/{roomId}", text("get"));
    router.add("core", "PATCH", "/api/rooms/{roomId}", text("patch"));
    router.add("core", "DELETE", "/api/rooms/{roomId}", text("delete"));
    HttpResponse response = send("PUT", "/api/rooms/abc");
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(errorCode(response), "method_not_allowed");
    ASSERT_NE(response.findHeader("Allow"), nullptr);
    EXPECT_EQ(*response.findHeader("Allow"), "GET, PATCH, DELETE");
}

TEST_F(RouterTest, WrongMethodWinsOverFallback) {
    router.add("core", "POST", "/api/rooms", text("post"));
    router.setFallback(text("fallback"));
    HttpResponse response = send("GET", "/api/rooms");
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(*response.findHeader("Allow"), "POST");
}

TEST_F(RouterTest, HeadIsServedByGet) {
    router.add("core", "GET", "/page", text("page"));
    HttpResponse response = send("HEAD", "/page");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body(), "page") << "the network layer drops the body of a HEAD answer";
}

TEST_F(RouterTest, ExplicitHeadRouteWinsOverGet) {
    router.add("core", "GET", "/page", text("get"));
    router.add("core", "HEAD", "/page", text("head"));
    EXPECT_EQ(send("HEAD", "/page").body(), "head");
    router.add("core", "HEAD", "/other", text("head only"));
    router.add("core", "GET", "/other", text("get registered later"));
    EXPECT_EQ(send("HEAD", "/other").body(), "head only");
    EXPECT_EQ(send("GET", "/other").body(), "get registered later");
}

TEST_F(RouterTest, FallbackTakesUnmatchedGetAndHeadOnly) {
    router.setFallback(text("web app"));
    EXPECT_EQ(send("GET", "/some/client/route").body(), "web app");
    EXPECT_EQ(send("HEAD", "/some/client/route").body(), "web app");
    EXPECT_EQ(send("POST", "/some/client/route").status, 404);
}

TEST_F(RouterTest, ExceptionsBecomeJson500) {
    router.add("core", "GET", "/boom", [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("secret detail"); });
    router.add("core", "GET", "/inline-boom", [](const HttpRequest&) -> HttpResponse { throw 42; }, Dispatch::Inline);
    router.addAsync("core", "GET", "/async-boom", [](const HttpRequest&, HttpResponder) {
        throw std::logic_error("async detail");
    });
    for (const char* path : {"/boom", "/inline-boom", "/async-boom"}) {
        HttpResponse response = send("GET", path);
        EXPECT_EQ(response.status, 500) << path;
        EXPECT_EQ(errorCode(response), "internal_error") << path;
        EXPECT_EQ(std::string(response.body()).find("detail"), std::string::npos) << "no internals leak: " << path;
    }
}

TEST_F(RouterTest, HttpErrorKeepsItsStatusAndCode) {
    router.add("core", "POST", "/rooms", [](const HttpRequest&) -> HttpResponse {
        throw HttpError(409, "room_limit", "You already have a room.");
    });
    router.addAsync("core", "GET", "/async", [](const HttpRequest&, HttpResponder) {
        throw HttpError(418, "teapot", "short and stout");
    });
    HttpResponse response = send("POST", "/rooms");
    EXPECT_EQ(response.status, 409);
    EXPECT_EQ(errorCode(response), "room_limit");
    EXPECT_THAT(std::string(response.body()), HasSubstr("You already have a room."));
    EXPECT_EQ(send("GET", "/async").status, 418);
}

TEST_F(RouterTest, AsyncHandlersAnswerLaterFromAnyThread) {
    router.addAsync("core", "GET", "/later", [this](const HttpRequest&, HttpResponder responder) {
        runtime.postBlocking([responder] {
            HttpResponse response(202);
            response.setBody("later", "text/plain");
            responder.send(std::move(response));
        });
    });
    HttpResponse response = send("GET", "/later");
    EXPECT_EQ(response.status, 202);
    EXPECT_EQ(response.body(), "later");
}

TEST_F(RouterTest, DuplicateRouteIsRefusedNamingBothOwners) {
    router.add("chat", "GET", "/socket.io", text("a"));
    try {
        router.add("other", "GET", "/socket.io", text("b"));
        FAIL() << "a second GET /socket.io must be refused";
    } catch (const std::invalid_argument& error) {
        EXPECT_THAT(error.what(), HasSubstr("other"));
        EXPECT_THAT(error.what(), HasSubstr("chat"));
    }
    EXPECT_NO_THROW(router.add("other", "POST", "/socket.io", text("c"))) << "another method is another route";
}

TEST_F(RouterTest, RemoveOwnerDropsExactlyItsRoutes) {
    router.add("core", "GET", "/healthz", text("ok"));
    router.add("greeter", "GET", "/hello", text("hi"));
    router.add("greeter", "POST", "/healthz", text("shadow"));
    auto view = router.viewFor("viewer");
    view->get("/view", text("view"));
    router.removeOwner("greeter");
    EXPECT_EQ(send("GET", "/hello").status, 404);
    EXPECT_EQ(send("GET", "/healthz").body(), "ok");
    EXPECT_EQ(send("POST", "/healthz").status, 405);
    EXPECT_EQ(send("GET", "/view").body(), "view");
    router.removeOwner("viewer");
    EXPECT_EQ(send("GET", "/view").status, 404);
}

TEST_F(RouterTest, PluginViewRegistersUnderItsOwner) {
    auto view = router.viewFor("chat");
    view->post("/api/chat", text("posted"));
    view->addAsync("GET", "/api/chat/poll", [](const HttpRequest&, HttpResponder responder) {
        responder.send(HttpResponse(204));
    });
    EXPECT_EQ(send("POST", "/api/chat").body(), "posted");
    EXPECT_EQ(send("GET", "/api/chat/poll").status, 204);
    router.removeOwner("chat");
    EXPECT_EQ(send("POST", "/api/chat").status, 404);
    EXPECT_EQ(send("GET", "/api/chat/poll").status, 404);
}

TEST_F(RouterTest, ForeignOriginIsRefusedOnlyForCookieBearingWrites) {
    router.add("core", "POST", "/api/rooms", text("created"));
    router.add("core", "GET", "/api/rooms", text("listed"));
    const std::pair<std::string, std::string> cookie{"Cookie", "theme=dark; sockstream_session=abc"};
    const std::pair<std::string, std::string> evil{"Origin", "https://evil.example"};

    HttpResponse refused = send("POST", "/api/rooms", {cookie, evil});
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(errorCode(refused), "foreign_origin");

    EXPECT_EQ(send("POST", "/api/rooms", {evil}).status, 200) << "no session cookie: nothing to forge";
    EXPECT_EQ(send("GET", "/api/rooms", {cookie, evil}).status, 200) << "reads are not refused";
    EXPECT_EQ(send("POST", "/api/rooms", {cookie, {"Origin", "https://tv.example"}}).status, 200);
    EXPECT_EQ(send("POST", "/api/rooms", {cookie, {"Origin", "https://partner.example"}}).status, 200);
    EXPECT_EQ(send("POST", "/api/rooms", {cookie}).status, 200) << "no Origin and no Referer";
    EXPECT_EQ(send("POST", "/api/rooms", {cookie, {"Referer", "https://evil.example/page"}}).status, 403);
    EXPECT_EQ(send("POST", "/api/rooms", {cookie, {"Referer", "https://tv.example/rooms/1"}}).status, 200);
}

TEST_F(RouterTest, SameOriginJsonRoutesRefuseCrossSiteRequestsWithoutACookieAndNonJsonBodies) {
    auto view = router.viewFor("auth");
    view->addGuarded(RouteGuard::SameOriginJson, "POST", "/api/auth/sign-in", text("signed in"));
    using Headers = std::vector<std::pair<std::string, std::string>>;
    const std::pair<std::string, std::string> json{"Content-Type", "application/json"};
    const auto status = [&](Headers headers) { return send("POST", "/api/auth/sign-in", std::move(headers)).status; };

    // Login CSRF: a cross-site form needs no cookie, so none is asked for.
    HttpResponse foreign = send("POST", "/api/auth/sign-in", {json, {"Origin", "https://evil.example"}});
    EXPECT_EQ(foreign.status, 403);
    EXPECT_EQ(errorCode(foreign), "foreign_origin");
    EXPECT_EQ(status({json, {"Sec-Fetch-Site", "cross-site"}}), 403);
    EXPECT_EQ(status({json, {"Referer", "https://evil.example/form"}}), 403);
    // What a form can send is not JSON.
    for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                             "application/json-patch+json", "text/json"}) {
        HttpResponse refused = send("POST", "/api/auth/sign-in", {{"Content-Type", type}, {"Origin", "https://tv.example"}});
        EXPECT_EQ(refused.status, 415) << type;
        EXPECT_EQ(errorCode(refused), "unsupported_media_type");
        EXPECT_THAT(refused.body(), HasSubstr("application/json"));
    }
    EXPECT_EQ(status({{"Origin", "https://tv.example"}}), 415) << "no Content-Type";
    // Our own pages, allowed origins and non-browser clients pass.
    EXPECT_EQ(status({json, {"Origin", "https://tv.example"}, {"Sec-Fetch-Site", "same-origin"}}), 200);
    EXPECT_EQ(status({{"Content-Type", "Application/JSON; charset=utf-8"}, {"Origin", "https://partner.example"}}), 200);
    EXPECT_EQ(status({json}), 200);
    // Unguarded routes keep their behaviour.
    view->post("/api/other", text("ok"));
    EXPECT_EQ(send("POST", "/api/other", {{"Origin", "https://evil.example"}}).status, 200);
}

}  // namespace
}  // namespace sockstream::core
