#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "CoreHarness.h"
#include "TempDir.h"
#include "http/StaticFiles.h"

namespace sockstream::core {
namespace {

using ::testing::HasSubstr;

HttpRequest get(const std::string& path) {
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    request.target = path;
    return request;
}

class StaticFilesTest : public ::testing::Test {
protected:
    StaticFilesTest() {
        std::filesystem::create_directories(web.path() / "dist" / "assets");
        web.write("dist/index.html", "<!doctype html><title>app</title>");
        web.write("dist/assets/app-1a2b3c.js", "console.log('app')");
        web.write("dist/assets/app-1a2b3c.css", "body{}");
        web.write("dist/favicon.svg", "<svg/>");
        web.write("dist/robots.txt", "User-agent: *");
        web.write("secret.txt", "outside the web root");
    }
    std::string header(const HttpResponse& response, const std::string& name) {
        const std::string* value = response.findHeader(name);
        return value ? *value : "";
    }

    test::TempDir web;
    StaticFiles files{web.path() / "dist"};
};

TEST(StaticFilesMime, KnowsTheWebAppsTypes) {
    EXPECT_EQ(StaticFiles::mimeType("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(StaticFiles::mimeType("a.JS"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticFiles::mimeType("a.css"), "text/css; charset=utf-8");
    EXPECT_EQ(StaticFiles::mimeType("a.svg"), "image/svg+xml");
    EXPECT_EQ(StaticFiles::mimeType("a.woff2"), "font/woff2");
    EXPECT_EQ(StaticFiles::mimeType("a.json"), "application/json");
    EXPECT_EQ(StaticFiles::mimeType("a.wasm"), "application/wasm");
    EXPECT_EQ(StaticFiles::mimeType("a.unknown"), "application/octet-stream");
    EXPECT_EQ(StaticFiles::mimeType("noextension"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesFilesWithTypeEtagAndRevalidation) {
    HttpResponse response = files.serve(get("/favicon.svg"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body(), "<svg/>");
    EXPECT_EQ(header(response, "Content-Type"), "image/svg+xml");
    EXPECT_EQ(header(response, "Cache-Control"), "no-cache");
    EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");
    std::string etag = header(response, "ETag");
    ASSERT_GE(etag.size(), 3u);
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(etag.back(), '"');
    EXPECT_EQ(header(files.serve(get("/favicon.svg")), "ETag"), etag) << "the same file keeps its ETag";
    EXPECT_NE(header(files.serve(get("/robots.txt")), "ETag"), etag);
    EXPECT_TRUE(response.rangesAllowed());
}

TEST_F(StaticFilesTest, HtmlAnswersCarryTheSecurityHeaders) {
    for (const char* path : {"/", "/rooms/abc", "/index.html"}) {
        HttpResponse page = files.serve(get(path));
        EXPECT_THAT(header(page, "Content-Security-Policy"), HasSubstr("frame-ancestors 'none'")) << path;
        EXPECT_THAT(header(page, "Content-Security-Policy"), HasSubstr("script-src 'self';")) << path;
        EXPECT_THAT(header(page, "Content-Security-Policy"), HasSubstr("worker-src 'self' blob:")) << path;
        EXPECT_EQ(header(page, "X-Frame-Options"), "DENY") << path;
        EXPECT_EQ(header(page, "Referrer-Policy"), "strict-origin-when-cross-origin") << path;
    }
    HttpResponse script = files.serve(get("/assets/app-1a2b3c.js"));
    EXPECT_EQ(header(script, "Content-Security-Policy"), "") << "a policy belongs to documents";
    EXPECT_EQ(header(script, "X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFilesTest, EtagChangesWithTheFile) {
    std::string before = header(files.serve(get("/robots.txt")), "ETag");
    web.write("dist/robots.txt", "User-agent: *\nDisallow: /api/");
    EXPECT_NE(header(files.serve(get("/robots.txt")), "ETag"), before);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
    HttpResponse response = files.serve(get("/assets/app-1a2b3c.js"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(header(response, "Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(header(response, "Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, ClientRoutesGetIndexHtml) {
    for (const char* path : {"/", "/rooms/abc", "/channels/music/live", "/dashboard"}) {
        HttpResponse response = files.serve(get(path));
        EXPECT_EQ(response.status, 200) << path;
        EXPECT_THAT(std::string(response.body()), HasSubstr("<title>app</title>")) << path;
        EXPECT_EQ(header(response, "Cache-Control"), "no-cache") << "index.html must be revalidated: " << path;
    }
}

TEST_F(StaticFilesTest, MissingAssetsAndApiPathsAreJson404) {
    for (const char* path : {"/assets/gone-123.js", "/missing.png", "/api/nothing", "/media/r/live.mp4",
                             "/socket.io/x"}) {
        HttpResponse response = files.serve(get(path));
        EXPECT_EQ(response.status, 404) << path;
        EXPECT_EQ(test::errorCode(response), "not_found") << path;
    }
}

TEST_F(StaticFilesTest, NeverServesOutsideTheRoot) {
    for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/./../secret.txt"}) {
        HttpResponse response = files.serve(get(path));
        EXPECT_EQ(std::string(response.body()).find("outside the web root"), std::string::npos) << path;
    }
}

TEST_F(StaticFilesTest, SymlinkOutOfTheRootIsNotFollowed) {
    std::filesystem::create_symlink(web.path() / "secret.txt", web.path() / "dist" / "leak.txt");
    HttpResponse response = files.serve(get("/leak.txt"));
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(std::string(response.body()).find("outside the web root"), std::string::npos);
}

TEST(StaticFilesUnbuilt, ExplainsThatTheWebAppIsNotBuilt) {
    test::TempDir empty;
    StaticFiles files(empty.path());
    HttpResponse response = files.serve(get("/"));
    EXPECT_EQ(response.status, 503);
    EXPECT_THAT(std::string(response.body()), HasSubstr("npm run build"));
    const std::string* policy = response.findHeader("Content-Security-Policy");
    ASSERT_NE(policy, nullptr) << "an HTML answer too";
    EXPECT_THAT(*policy, HasSubstr("default-src 'self'"));
}

}  // namespace
}  // namespace sockstream::core
