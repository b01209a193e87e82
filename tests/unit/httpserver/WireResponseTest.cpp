#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "httpserver/WireResponse.h"

using sockstream::HttpResponse;
using sockstream::core::RequestFacts;
using sockstream::core::WireResponse;

namespace {

HttpResponse textResponse(std::string body) {
    HttpResponse response(200);
    response.setBody(std::move(body), "text/plain");
    return response;
}

bool hasHeader(const WireResponse& wire, const std::string& line) {
    return wire.head.find("\r\n" + line + "\r\n") != std::string::npos;
}

}  // namespace

TEST(WireResponse, SetsFramingHeaders) {
    auto response = textResponse("hello");
    auto wire = WireResponse::build(response, {});
    EXPECT_EQ(wire.head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
    EXPECT_TRUE(hasHeader(wire, "Content-Length: 5"));
    EXPECT_TRUE(hasHeader(wire, "Server: SockStream/0.1.0"));
    EXPECT_NE(wire.head.find("\r\nDate: "), std::string::npos);
    EXPECT_EQ(wire.body, "hello");
    EXPECT_TRUE(wire.keepAlive);
}

TEST(WireResponse, ServerOwnsLengthAndDropsUnsafeHeaders) {
    auto response = textResponse("abc");
    response.setHeader("Content-Length", "999");
    response.setHeader("X-Evil", "a\r\nSet-Cookie: x=1");
    auto wire = WireResponse::build(response, {});
    EXPECT_TRUE(hasHeader(wire, "Content-Length: 3"));
    EXPECT_EQ(wire.head.find("999"), std::string::npos);
    EXPECT_EQ(wire.head.find("X-Evil"), std::string::npos);
}

TEST(WireResponse, ConnectionClose) {
    auto response = textResponse("x");
    RequestFacts facts;
    facts.keepAlive = false;
    auto wire = WireResponse::build(response, facts);
    EXPECT_FALSE(wire.keepAlive);
    EXPECT_TRUE(hasHeader(wire, "Connection: close"));
}

TEST(WireResponse, MatchingEtagGives304WithoutBody) {
    auto response = textResponse("body");
    response.setHeader("ETag", "\"v1\"");
    RequestFacts facts;
    facts.ifNoneMatch = "\"v0\", W/\"v1\"";
    auto wire = WireResponse::build(response, facts);
    EXPECT_EQ(wire.status, 304);
    EXPECT_TRUE(wire.body.empty());
    EXPECT_EQ(wire.head.find("Content-Length"), std::string::npos);
    facts.ifNoneMatch = "\"other\"";
    EXPECT_EQ(WireResponse::build(response, facts).status, 200);
}

TEST(WireResponse, SingleRange) {
    auto response = textResponse("0123456789");
    response.allowRanges();
    RequestFacts facts;
    facts.range = "bytes=2-5";
    auto wire = WireResponse::build(response, facts);
    EXPECT_EQ(wire.status, 206);
    EXPECT_EQ(wire.body, "2345");
    EXPECT_TRUE(hasHeader(wire, "Content-Range: bytes 2-5/10"));
    EXPECT_TRUE(hasHeader(wire, "Content-Length: 4"));

    facts.range = "bytes=-3";
    EXPECT_EQ(WireResponse::build(response, facts).body, "789");
    facts.range = "bytes=7-";
    EXPECT_EQ(WireResponse::build(response, facts).body, "789");
    facts.range = "bytes=8-100";
    EXPECT_EQ(WireResponse::build(response, facts).body, "89");
}

TEST(WireResponse, UnsatisfiableRangeGives416) {
    auto response = textResponse("0123456789");
    response.allowRanges();
    RequestFacts facts;
    facts.range = "bytes=10-20";
    auto wire = WireResponse::build(response, facts);
    EXPECT_EQ(wire.status, 416);
    EXPECT_TRUE(hasHeader(wire, "Content-Range: bytes */10"));
    EXPECT_TRUE(wire.body.empty());
}

TEST(WireResponse, IgnoredRanges) {
    auto response = textResponse("0123456789");
    RequestFacts facts;
    facts.range = "bytes=2-5";
    EXPECT_EQ(WireResponse::build(response, facts).status, 200) << "ranges not allowed";
    response.allowRanges();
    for (const char* range : {"bytes=1-2,4-5", "items=1-2", "bytes=5-2", "bytes=a-b", "bytes=2"}) {
        facts.range = range;
        EXPECT_EQ(WireResponse::build(response, facts).status, 200) << range;
    }
}

TEST(WireResponse, HeadKeepsLengthWithoutBody) {
    auto response = textResponse("hello");
    RequestFacts facts;
    facts.head = true;
    auto wire = WireResponse::build(response, facts);
    EXPECT_TRUE(hasHeader(wire, "Content-Length: 5"));
    EXPECT_TRUE(wire.body.empty());
}

TEST(WireResponse, SharedBodyIsNotCopied) {
    auto shared = std::make_shared<const std::string>(1 << 20, 'x');
    HttpResponse response(200);
    response.setSharedBody(shared, "video/mp4");
    auto wire = WireResponse::build(response, {});
    EXPECT_EQ(wire.body.data(), shared->data());
}

TEST(WireResponse, SealedBodyNamesItsFileAndTheRangeOffset) {
    HttpResponse response(200);
    auto sealed = sockstream::SealedBytes::copyOf("0123456789");
    response.setSealedBody(sealed, "video/mp4");
    response.allowRanges();

    auto whole = WireResponse::build(response, {});
    EXPECT_EQ(whole.bodyFile, sealed->fileDescriptor());
    EXPECT_EQ(whole.bodyFileOffset, 0u);
    EXPECT_EQ(whole.body, "0123456789");

    RequestFacts ranged;
    ranged.range = "bytes=3-5";
    auto partial = WireResponse::build(response, ranged);
    EXPECT_EQ(partial.status, 206);
    EXPECT_EQ(partial.bodyFile, sealed->fileDescriptor());
    EXPECT_EQ(partial.bodyFileOffset, 3u);
    EXPECT_EQ(partial.body, "345");

    RequestFacts head;
    head.head = true;
    EXPECT_EQ(WireResponse::build(response, head).bodyFile, -1) << "nothing to send for HEAD";
    RequestFacts beyond;
    beyond.range = "bytes=50-";
    EXPECT_EQ(WireResponse::build(response, beyond).bodyFile, -1) << "416 has no body";
}

TEST(WireResponse, TextBodyHasNoFile) {
    auto wire = WireResponse::build(textResponse("hello"), {});
    EXPECT_EQ(wire.bodyFile, -1);
}
