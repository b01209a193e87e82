#include <gtest/gtest.h>

#include "DestinationRules.h"

using sockstream::restream::DestinationRules;

TEST(DestinationRules, AcceptsRtmpAndRtmpsWithAnApplicationPath) {
    EXPECT_FALSE(DestinationRules::checkUrl("rtmp://a.rtmp.youtube.com/live2"));
    EXPECT_FALSE(DestinationRules::checkUrl("rtmps://a.rtmps.youtube.com:443/live2"));
    EXPECT_FALSE(DestinationRules::checkUrl("RTMP://127.0.0.1:1935/app"));
    EXPECT_FALSE(DestinationRules::checkUrl("rtmp://[::1]:1935/app/sub"));
}

TEST(DestinationRules, RefusesOtherSchemesAndMalformedUrls) {
    for (const char* url : {"", "http://example.com/app", "https://example.com/app", "file:///etc/passwd",
                            "srt://example.com:9000", "rtmpt://example.com/app", "tcp://127.0.0.1:1935/app",
                            "rtmp:/example.com/app", "rtmp://", "rtmp:///app", "rtmp://host", "rtmp://host/",
                            "rtmp://:1935/app", "rtmp://user:pw@host/app", "rtmp://host/app?key=1", "rtmp://host/app#x",
                            "rtmp://host/a pp", "rtmp://host/app\n", "rtmp://host:0/app", "rtmp://host:65536/app",
                            "rtmp://host:12ab/app", "rtmp://host:/app", "concat:rtmp://host/app"}) {
        EXPECT_TRUE(DestinationRules::checkUrl(url)) << url;
    }
}

TEST(DestinationRules, LimitsLengths) {
    const std::string base = "rtmp://host/";
    EXPECT_FALSE(DestinationRules::checkUrl(base + std::string(DestinationRules::kMaxUrlLength - base.size(), 'a')));
    EXPECT_TRUE(DestinationRules::checkUrl(base + std::string(DestinationRules::kMaxUrlLength - base.size() + 1, 'a')));
    EXPECT_FALSE(DestinationRules::checkKey(std::string(DestinationRules::kMaxKeyLength, 'k')));
    EXPECT_TRUE(DestinationRules::checkKey(std::string(DestinationRules::kMaxKeyLength + 1, 'k')));
    EXPECT_FALSE(DestinationRules::checkName(std::string(DestinationRules::kMaxNameLength, 'n')));
    EXPECT_TRUE(DestinationRules::checkName(std::string(DestinationRules::kMaxNameLength + 1, 'n')));
    EXPECT_TRUE(DestinationRules::checkName(""));
    EXPECT_TRUE(DestinationRules::checkName("tab\there"));
}

TEST(DestinationRules, KeysArePlainPrintableSegments) {
    EXPECT_FALSE(DestinationRules::checkKey("live_123456789_AbCdEf-_.~"));
    for (const char* key : {"", "has space", "a/b", "a?b", "a#b", "tab\t", "caf\xc3\xa9"}) EXPECT_TRUE(DestinationRules::checkKey(key)) << key;
}

TEST(DestinationRules, MasksAllButTheLastFourOfLongKeysOnly) {
    EXPECT_EQ(DestinationRules::maskKey("live_123456789_abcd"), "••••abcd");
    EXPECT_EQ(DestinationRules::maskKey("short-key"), "••••");
    EXPECT_EQ(DestinationRules::maskKey(""), "••••");
    EXPECT_EQ(DestinationRules::maskKey("abcdefghijkl"), "••••ijkl");
}

TEST(DestinationRules, PublishUrlJoinsWithOneSlashAndLogsShowOnlyTheHost) {
    EXPECT_EQ(DestinationRules::publishUrl("rtmp://h/app/", "k"), "rtmp://h/app/k");
    EXPECT_EQ(DestinationRules::publishUrl("rtmp://h/app", "k"), "rtmp://h/app/k");
    EXPECT_EQ(DestinationRules::publishUrl("RTMPS://Host/App", "k"), "rtmps://Host/App/k");
    EXPECT_EQ(DestinationRules::hostOf("rtmps://a.rtmps.youtube.com:443/live2"), "a.rtmps.youtube.com:443");
    EXPECT_EQ(DestinationRules::scheme("RTMPS://x/y"), "rtmps");
}

TEST(DestinationRules, RedactsTheKeyFromMessages) {
    EXPECT_EQ(DestinationRules::redact("cannot open rtmp://h/app/sekrit1 (sekrit1)", "sekrit1"),
              "cannot open rtmp://h/app/<key> (<key>)");
    EXPECT_EQ(DestinationRules::redact("nothing here", ""), "nothing here");
    // A key that occurs in the mark itself ends.
    EXPECT_EQ(DestinationRules::redact("k and k", "k"), "<key> and <key>");
    EXPECT_EQ(DestinationRules::redact("<<key>", "<"), "<key><key>key>");
}
