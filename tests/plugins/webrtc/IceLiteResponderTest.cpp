// ICE-lite connectivity checks: what a browser's check gets back, and what is dropped.
#include <gtest/gtest.h>

#include "IceLiteResponder.h"
#include "StunMessage.h"
#include "StunWriter.h"

using namespace sockstream::webrtc;

namespace {
const TransportAddress kBrowser = TransportAddress::v4(127, 0, 0, 1, 50000);

StunMessage::TransactionId transaction(std::uint8_t seed) {
    StunMessage::TransactionId id{};
    id.fill(seed);
    return id;
}

/// A check as Chromium sends it: USERNAME, ICE-CONTROLLING, PRIORITY, optional
/// USE-CANDIDATE, signed with our password, with FINGERPRINT.
std::string check(std::string_view username, std::string_view password, bool useCandidate,
                  std::uint8_t seed = 1, bool fingerprint = true) {
    StunWriter writer(stun::kBindingRequest, transaction(seed));
    writer.attribute(stun::kUsername, username)
        .uint64(stun::kIceControlling, 0x1122334455667788ull)
        .uint32(stun::kPriority, 1853817087);
    if (useCandidate) writer.flag(stun::kUseCandidate);
    return writer.finish(password, fingerprint);
}

class IceLiteResponderTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(responder.addSession("s1", {"ours1", "password-one-0123456789", "theirs1"}));
        ASSERT_TRUE(responder.addSession("s2", {"ours2", "password-two-0123456789", "theirs2"}));
    }
    IceLiteResponder responder;
};
}  // namespace

TEST_F(IceLiteResponderTest, AnswersAValidCheckWithASignedSuccessCarryingTheSourceAddress) {
    const auto outcome = responder.handle(check("ours1:theirs1", "password-one-0123456789", false, 9), kBrowser);
    ASSERT_EQ(outcome.verdict, IceLiteResponder::Verdict::Answered);
    EXPECT_EQ(outcome.sessionId, "s1");
    EXPECT_FALSE(outcome.nominated);
    const auto response = StunMessage::parse(outcome.response);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->type(), stun::kBindingSuccess);
    EXPECT_EQ(response->transactionId(), transaction(9));
    EXPECT_EQ(response->xorMappedAddress(), kBrowser);
    EXPECT_TRUE(response->verifyIntegrity("password-one-0123456789"));
    EXPECT_TRUE(response->verifyFingerprint());
    EXPECT_FALSE(responder.nominatedAddress("s1"));
    EXPECT_FALSE(responder.sessionFor(kBrowser));
}

TEST_F(IceLiteResponderTest, RecordsTheNominatedAddressPerSession) {
    const auto outcome = responder.handle(check("ours2:theirs2", "password-two-0123456789", true), kBrowser);
    ASSERT_EQ(outcome.verdict, IceLiteResponder::Verdict::Answered);
    EXPECT_TRUE(outcome.nominated);
    EXPECT_EQ(responder.nominatedAddress("s2"), kBrowser);
    EXPECT_FALSE(responder.nominatedAddress("s1"));
    EXPECT_EQ(responder.sessionFor(kBrowser), "s2");

    // Renomination from a new address (the browser's network changed) moves the session.
    const auto moved = TransportAddress::v4(127, 0, 0, 1, 50002);
    responder.handle(check("ours2:theirs2", "password-two-0123456789", true, 2), moved);
    EXPECT_EQ(responder.nominatedAddress("s2"), moved);
    EXPECT_FALSE(responder.sessionFor(kBrowser));
    EXPECT_EQ(responder.sessionFor(moved), "s2");
}

TEST_F(IceLiteResponderTest, DropsUnknownUfragsBeforeCheckingIntegrity) {
    EXPECT_EQ(responder.handle(check("nobody:theirs1", "password-one-0123456789", true), kBrowser).verdict,
              IceLiteResponder::Verdict::DroppedUnknownUser);
    EXPECT_EQ(responder.handle(check("ours1:someone-else", "password-one-0123456789", true), kBrowser).verdict,
              IceLiteResponder::Verdict::DroppedUnknownUser);
    EXPECT_EQ(responder.handle(check("ours1", "password-one-0123456789", true), kBrowser).verdict,
              IceLiteResponder::Verdict::DroppedUnknownUser);
    StunWriter noUser(stun::kBindingRequest, transaction(3));
    EXPECT_EQ(responder.handle(noUser.finish("password-one-0123456789"), kBrowser).verdict,
              IceLiteResponder::Verdict::DroppedUnknownUser);
    EXPECT_FALSE(responder.nominatedAddress("s1"));
}

TEST_F(IceLiteResponderTest, DropsChecksWithTheWrongPasswordOrNoIntegrity) {
    const auto wrong = responder.handle(check("ours1:theirs1", "password-two-0123456789", true), kBrowser);
    EXPECT_EQ(wrong.verdict, IceLiteResponder::Verdict::DroppedBadIntegrity);
    EXPECT_TRUE(wrong.response.empty());
    EXPECT_EQ(responder.handle(check("ours1:theirs1", "", true), kBrowser).verdict,
              IceLiteResponder::Verdict::DroppedBadIntegrity);
    EXPECT_EQ(responder.handle(check("ours1:theirs1", "password-one-0123456789", true, 1, false), kBrowser).verdict,
              IceLiteResponder::Verdict::DroppedBadIntegrity);
    EXPECT_FALSE(responder.nominatedAddress("s1"));
}

TEST_F(IceLiteResponderTest, DropsWhatIsNotABindingRequest) {
    EXPECT_EQ(responder.handle("", kBrowser).verdict, IceLiteResponder::Verdict::DroppedMalformed);
    EXPECT_EQ(responder.handle(std::string(40, '\x80'), kBrowser).verdict, IceLiteResponder::Verdict::DroppedMalformed);
    const std::string indication = StunWriter(stun::kBindingIndication, transaction(4))
                                       .attribute(stun::kUsername, "ours1:theirs1")
                                       .finish("password-one-0123456789");
    EXPECT_EQ(responder.handle(indication, kBrowser).verdict, IceLiteResponder::Verdict::DroppedMalformed);
}

TEST_F(IceLiteResponderTest, UseCandidateWithoutIceControllingDoesNotNominate) {
    StunWriter writer(stun::kBindingRequest, transaction(5));
    writer.attribute(stun::kUsername, "ours1:theirs1").flag(stun::kUseCandidate);
    const auto outcome = responder.handle(writer.finish("password-one-0123456789"), kBrowser);
    EXPECT_EQ(outcome.verdict, IceLiteResponder::Verdict::Answered);
    EXPECT_FALSE(outcome.nominated);
    EXPECT_FALSE(responder.nominatedAddress("s1"));
}

TEST_F(IceLiteResponderTest, RemovedSessionsAreForgottenAndUfragsStayUnique) {
    EXPECT_FALSE(responder.addSession("s3", {"ours1", "x", "y"}));
    EXPECT_FALSE(responder.addSession("s1", {"ours9", "x", "y"}));
    responder.handle(check("ours1:theirs1", "password-one-0123456789", true), kBrowser);
    responder.removeSession("s1");
    EXPECT_EQ(responder.sessionCount(), 1u);
    EXPECT_FALSE(responder.sessionFor(kBrowser));
    EXPECT_EQ(responder.handle(check("ours1:theirs1", "password-one-0123456789", true), kBrowser).verdict,
              IceLiteResponder::Verdict::DroppedUnknownUser);
    EXPECT_TRUE(responder.addSession("s3", {"ours1", "x", "y"}));
}
