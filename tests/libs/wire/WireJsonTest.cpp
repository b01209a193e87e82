#include "sockstream-wire/WireJson.h"
#include "sockstream-wire/WireJsonNlohmann.h"

#include <sstream>

#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>

using namespace sockstream;
using namespace sockstream::lib::wire;

namespace {

Room sampleRoom() {
    Room room;
    room.id = "r1";
    room.channelId = "gaming";
    room.ownerId = "u1";
    room.ownerName = "Ada";
    room.title = "Speedruns \xE2\x80\x94 any%";
    room.description = "Line one\nline two";
    room.createdAt = 1'795'500'000'123;
    room.updatedAt = 1'795'500'060'000;
    room.streamKeyMode = kStreamKeyPerBroadcast;
    room.live = true;
    room.state = BroadcastState::Live;
    room.viewers = 42;
    return room;
}

nlohmann::json viaPoco(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream text;
    Poco::JSON::Stringifier::stringify(object, text);
    return nlohmann::json::parse(text.str());
}

}  // namespace

TEST(WireJson, ARoomHasTheFieldsTheWebAppReads) {
    const auto json = roomJsonNlohmann(sampleRoom());
    EXPECT_EQ(json, nlohmann::json::parse(R"({
        "id": "r1", "channelId": "gaming", "title": "Speedruns \u2014 any%", "description": "Line one\nline two",
        "owner": {"id": "u1", "name": "Ada"}, "live": true, "state": "live", "viewers": 42,
        "createdAt": "2026-11-24T06:00:00.123Z", "updatedAt": "2026-11-24T06:01:00.000Z"})"));
}

TEST(WireJson, TheStreamKeyModeIsForTheOwnerOnly) {
    EXPECT_FALSE(roomJsonNlohmann(sampleRoom()).contains("streamKeyMode"));
    EXPECT_EQ(roomJsonNlohmann(sampleRoom(), {.forOwner = true})["streamKeyMode"], "per-broadcast");
    EXPECT_FALSE(roomJson(sampleRoom())->has("streamKeyMode"));
    EXPECT_EQ(roomJson(sampleRoom(), {.forOwner = true})->getValue<std::string>("streamKeyMode"), "per-broadcast");
}

TEST(WireJson, StatesAreNamed) {
    Room room = sampleRoom();
    room.live = false;
    room.state = BroadcastState::Reconnecting;
    EXPECT_EQ(roomJsonNlohmann(room)["state"], "reconnecting");
    room.state = BroadcastState::Offline;
    EXPECT_EQ(roomJsonNlohmann(room)["state"], "offline");
    EXPECT_EQ(roomJsonNlohmann(room)["live"], false);
}

TEST(WireJson, PocoAndNlohmannWriteTheSameRoom) {
    for (bool forOwner : {false, true})
        EXPECT_EQ(viaPoco(roomJson(sampleRoom(), {.forOwner = forOwner})),
                  roomJsonNlohmann(sampleRoom(), {.forOwner = forOwner}));
}

TEST(WireJson, AUserHasTheSessionShape) {
    User user;
    user.id = "u1";
    user.name = "Ada";
    user.email = "ada@example.com";
    user.emailVerified = true;
    user.image = "";
    user.createdAt = 0;
    const auto expected = nlohmann::json::parse(R"({"id": "u1", "name": "Ada", "email": "ada@example.com",
        "emailVerified": true, "image": "", "createdAt": "1970-01-01T00:00:00.000Z"})");
    EXPECT_EQ(userJsonNlohmann(user), expected);
    EXPECT_EQ(viaPoco(userJson(user)), expected);
}
