#include <gtest/gtest.h>

#include <string>

#include "StreamId.h"

using sockstream::srt::parseStreamId;
using sockstream::srt::StreamIdLimits;
using Outcome = sockstream::srt::StreamIdRequest::Outcome;

namespace {

void expectKey(const std::string& streamId, const std::string& key) {
    const auto request = parseStreamId(streamId);
    EXPECT_EQ(request.outcome, Outcome::Publish) << streamId << ": " << request.problem;
    EXPECT_EQ(request.key, key) << streamId;
}

void expectOutcome(const std::string& streamId, Outcome outcome) {
    const auto request = parseStreamId(streamId);
    EXPECT_EQ(request.outcome, outcome) << streamId;
    EXPECT_TRUE(request.key.empty()) << streamId;
    EXPECT_FALSE(request.problem.empty()) << streamId;
}

}  // namespace

TEST(StreamIdTest, ReadsTheThreeSpellingsOfAKey) {
    expectKey("publish:live_abc-123", "live_abc-123");
    expectKey("#!::r=live_abc-123,m=publish", "live_abc-123");
    expectKey("#!::m=publish,r=live_abc-123", "live_abc-123");
    expectKey("#!::u=alice,r=k.e~y,m=publish,s=session,t=stream", "k.e~y");
    expectKey("live_abc-123", "live_abc-123");
}

TEST(StreamIdTest, AccessControlWithoutModeIsAPublish) {
    // The convention's default is m=request, but this listener only takes publishers (OBS users leave m= out).
    expectKey("#!::r=thekey", "thekey");
}

TEST(StreamIdTest, RequestsToPlayAreTheWrongMode) {
    expectOutcome("#!::r=thekey,m=request", Outcome::WrongMode);
    expectOutcome("#!::m=bidirectional,r=thekey", Outcome::WrongMode);
    expectOutcome("play:thekey", Outcome::WrongMode);
    expectOutcome("request:thekey", Outcome::WrongMode);
}

TEST(StreamIdTest, MalformedStreamIdsAreRefusedWithWords) {
    expectOutcome("", Outcome::Malformed);
    expectOutcome("publish:", Outcome::Malformed);
    expectOutcome("publish:has space", Outcome::Malformed);
    expectOutcome("publish:a:b", Outcome::Malformed);
    expectOutcome("publish:new\nline", Outcome::Malformed);
    expectOutcome(std::string("publish:nul\0key", 15), Outcome::Malformed);
    expectOutcome("upload:key", Outcome::Malformed);
    expectOutcome("#!::", Outcome::Malformed);
    expectOutcome("#!::m=publish", Outcome::Malformed);
    expectOutcome("#!::r=,m=publish", Outcome::Malformed);
    expectOutcome("#!::r=a,r=b", Outcome::Malformed);
    expectOutcome("#!::m=publish,m=publish,r=a", Outcome::Malformed);
    expectOutcome("#!::r=a,", Outcome::Malformed);
    expectOutcome("#!::r=a,,m=publish", Outcome::Malformed);
    expectOutcome("#!::=a", Outcome::Malformed);
    expectOutcome("#!::ra", Outcome::Malformed);
    expectOutcome("#!:{r=a}", Outcome::Malformed);
    expectOutcome("#!", Outcome::Malformed);
    expectOutcome("#!::r=a b,m=publish", Outcome::Malformed);
    expectOutcome("key,with,commas", Outcome::Malformed);
    expectOutcome("\xff\xfe", Outcome::Malformed);
}

TEST(StreamIdTest, LimitsBoundTheStreamIdAndTheKey) {
    StreamIdLimits limits;
    limits.maxStreamIdBytes = 32;
    limits.maxKeyBytes = 8;
    EXPECT_EQ(parseStreamId("publish:12345678", limits).outcome, Outcome::Publish);
    EXPECT_EQ(parseStreamId("publish:123456789", limits).outcome, Outcome::Malformed);
    EXPECT_EQ(parseStreamId(std::string(33, 'a'), limits).outcome, Outcome::Malformed);
    EXPECT_EQ(parseStreamId(std::string(600, 'a')).outcome, Outcome::Malformed);
}

TEST(StreamIdTest, ProblemsNeverRepeatTheKey) {
    const auto request = parseStreamId("#!::r=secret-key,m=request");
    EXPECT_EQ(request.problem.find("secret-key"), std::string::npos);
    const auto spaced = parseStreamId("publish:secret key");
    EXPECT_EQ(spaced.problem.find("secret"), std::string::npos);
}
