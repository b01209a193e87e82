#include <atomic>
#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "RoomsFixture.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using test::httpErrorOf;

class RoomsTest : public test::RoomsFixture {
protected:
    void SetUp() override {
        open();
        alice = createUser("alice@example.com", "Alice");
        bob = createUser("bob@example.com", "Bob");
        admin = createUser("admin@example.com", "Admin");
    }
    User alice, bob, admin;
};

TEST_F(RoomsTest, ChannelsComeInConfiguredOrder) {
    channels = {{"talk", "Talk", "", 9}, {"gaming", "Gaming", "", 1}};
    reopen();
    auto list = rooms->channels();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].id, "gaming");
    EXPECT_EQ(list[1].id, "talk");
    EXPECT_TRUE(rooms->findChannel("talk"));
    EXPECT_FALSE(rooms->findChannel("nope"));
}

TEST_F(RoomsTest, CreateFindAndList) {
    Room room = rooms->createRoom(alice, "gaming", "  Speedruns  ", "Any% runs\nevery night");
    EXPECT_FALSE(room.id.empty());
    EXPECT_EQ(room.title, "Speedruns") << "titles are trimmed";
    EXPECT_EQ(room.ownerId, alice.id);
    EXPECT_EQ(room.ownerName, "Alice");
    EXPECT_GT(room.createdAt, 0);

    auto found = rooms->findRoom(room.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->description, "Any% runs\nevery night");
    EXPECT_FALSE(found->live);
    EXPECT_EQ(found->state, BroadcastState::Offline);
    EXPECT_EQ(found->streamKeyMode, "persistent") << "OBS-friendly keys by default";
    EXPECT_EQ(rooms->listRooms("gaming").size(), 1u);
    EXPECT_TRUE(rooms->listRooms("music").empty());
    EXPECT_EQ(rooms->roomOf(alice.id)->id, room.id);
    EXPECT_FALSE(rooms->roomOf(bob.id));
    EXPECT_THAT(events(), ElementsAre("created Speedruns"));
}

TEST_F(RoomsTest, ValidationErrorsSayWhatIsWrong) {
    config.titleMaxLength = 10;
    config.descriptionMaxLength = 20;
    reopen();
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "cooking", "Title", ""); }), "unknown_channel");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "gaming", "   ", ""); }), "invalid_title");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "gaming", "Eleven char", ""); }), "invalid_title");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "gaming", "Two\nlines", ""); }), "invalid_title");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "gaming", "Bad \xC3\x28", ""); }), "invalid_title");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "gaming", "Ok", std::string(21, 'd')); }),
              "invalid_description");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "gaming", "Ok", "bell\x07"); }), "invalid_description");
    int status = 0;
    httpErrorOf([&] { rooms->createRoom(alice, "gaming", "", ""); }, &status);
    EXPECT_EQ(status, 400);
    EXPECT_NO_THROW(rooms->createRoom(alice, "gaming", "\xC3\xA9t\xC3\xA9 caf\xC3\xA9", ""))
        << "eight characters of UTF-8 in eleven bytes";
    EXPECT_EQ(events().size(), 1u) << "refused rooms publish nothing";
}

TEST_F(RoomsTest, OneRoomPerUserByDefault) {
    rooms->createRoom(alice, "gaming", "First", "");
    int status = 0;
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "music", "Second", ""); }, &status), "room_limit");
    EXPECT_EQ(status, 409);
    EXPECT_NO_THROW(rooms->createRoom(bob, "music", "Bob's", ""));
}

TEST_F(RoomsTest, ConcurrentCreatesCannotExceedTheLimit) {
    // Issue 20, finding 5: the limit was checked and then inserted, so racing requests all passed.
    for (int limit : {1, 3}) {
        config.maxRoomsPerUser = limit;
        reopen();
        User racer = createUser("racer" + std::to_string(limit) + "@example.com", "Racer");
        std::atomic<int> created{0}, refused{0}, failed{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 24; ++i)
            threads.emplace_back([&, i] {
                try {
                    rooms->createRoom(racer, "gaming", "Race " + std::to_string(i), "");
                    ++created;
                } catch (const HttpError& error) {
                    if (error.code() == "room_limit") ++refused;
                    else ++failed;
                } catch (...) {
                    ++failed;
                }
            });
        for (auto& thread : threads) thread.join();
        EXPECT_EQ(created.load(), limit);
        EXPECT_EQ(refused.load(), 24 - limit);
        EXPECT_EQ(failed.load(), 0);
        int stored = 0;
        for (const auto& channel : {"gaming", "music"})
            for (const auto& room : rooms->listRooms(channel)) stored += room.ownerId == racer.id ? 1 : 0;
        EXPECT_EQ(stored, limit);
    }
}

TEST(RoomsMigration, UpgradingGivesEveryExistingRoomItsOwnSlotAndPersistentKeys) {
    // A database from before the limit was atomic may hold several rooms of one owner.
    test::TempDir dir;
    core::DatabaseImpl database(dir.file("old.db"), Poco::Logger::get("test.database"));
    database.migrate("identity", core::IdentityImpl::migrations());
    auto all = core::RoomStore::migrations();
    database.migrate("rooms", {all.front()});
    core::IdentityImpl identity(database, core::SessionPolicy{}, Poco::Logger::get("test.identity"));
    User owner;
    owner.name = "Old";
    owner.email = "old@example.com";
    owner = identity.createUser(owner, LinkedAccount{"", "test", owner.email, ""});
    {
        Poco::Data::Session session = database.session();
        for (std::string id : {"room-a", "room-b", "room-c"})
            session << "INSERT INTO rooms (id, channel_id, owner_id, title, created_at, updated_at) VALUES (?, 'gaming', ?, 't', 1, 1)",
                Poco::Data::Keywords::use(id), Poco::Data::Keywords::use(owner.id), Poco::Data::Keywords::now;
        session << "INSERT INTO stream_keys (key_hash, room_id, state, created_at, expires_at, state_changed_at)"
                   " VALUES ('h', 'room-a', 'active', 1, 99, 1)",
            Poco::Data::Keywords::now;
    }
    database.migrate("rooms", all);
    Poco::Data::Session session = database.session();
    std::vector<int> slots;
    session << "SELECT owner_slot FROM rooms ORDER BY owner_slot", Poco::Data::Keywords::into(slots), Poco::Data::Keywords::now;
    EXPECT_EQ(slots, (std::vector<int>{0, 1, 2}));
    std::vector<std::string> modes;
    session << "SELECT DISTINCT stream_key_mode FROM rooms", Poco::Data::Keywords::into(modes), Poco::Data::Keywords::now;
    EXPECT_EQ(modes, std::vector<std::string>{"persistent"});
    std::int64_t expiry = -1;
    session << "SELECT expires_at FROM stream_keys", Poco::Data::Keywords::into(expiry), Poco::Data::Keywords::now;
    EXPECT_EQ(expiry, 0) << "the unused key follows the room's (persistent) mode";
}

TEST_F(RoomsTest, ADeletedRoomFreesItsSlot) {
    config.maxRoomsPerUser = 2;
    reopen();
    Room first = rooms->createRoom(alice, "gaming", "One", "");
    rooms->createRoom(alice, "gaming", "Two", "");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "gaming", "Three", ""); }), "room_limit");
    rooms->deleteRoom(alice, first.id);
    EXPECT_NO_THROW(rooms->createRoom(alice, "gaming", "Three", ""));
}

TEST_F(RoomsTest, OnlyOwnerOrAdminManagesARoom) {
    Room room = rooms->createRoom(alice, "gaming", "Alice's", "");
    int status = 0;
    EXPECT_EQ(httpErrorOf([&] { rooms->updateRoom(bob, room.id, std::nullopt, "Mine now", std::nullopt); }, &status),
              "not_room_owner");
    EXPECT_EQ(status, 403);
    EXPECT_EQ(httpErrorOf([&] { rooms->deleteRoom(bob, room.id); }), "not_room_owner");
    EXPECT_EQ(httpErrorOf([&] { rooms->mintStreamKey(bob, room.id); }), "not_room_owner");
    EXPECT_EQ(httpErrorOf([&] { rooms->updateRoom(bob, "no-such-room", std::nullopt, "x", std::nullopt); }),
              "room_not_found");

    EXPECT_TRUE(rooms->isAdmin(admin)) << "admins may be listed by email";
    EXPECT_FALSE(rooms->isAdmin(bob));
    Room edited = rooms->updateRoom(admin, room.id, std::nullopt, "Moderated", std::nullopt);
    EXPECT_EQ(edited.title, "Moderated");
    EXPECT_EQ(httpErrorOf([&] { rooms->mintStreamKey(admin, room.id); }), "not_room_owner")
        << "going live stays the owner's own act";
    EXPECT_TRUE(rooms->isOwnerOrAdmin(room.id, alice.id));
    EXPECT_FALSE(rooms->isOwnerOrAdmin(room.id, bob.id));
    EXPECT_TRUE(rooms->isOwnerOrAdmin(room.id, admin.id)) << "plugins ask by user id; the admin is listed by email";
    EXPECT_NO_THROW(rooms->deleteRoom(admin, room.id));
    EXPECT_FALSE(rooms->findRoom(room.id));
}

TEST_F(RoomsTest, AdminsListedByIdToo) {
    config.admins = {bob.id};
    reopen();
    Room room = rooms->createRoom(alice, "gaming", "Alice's", "");
    EXPECT_TRUE(rooms->isOwnerOrAdmin(room.id, bob.id));
    EXPECT_NO_THROW(rooms->updateRoom(bob, room.id, std::nullopt, "By Bob", std::nullopt));
}

TEST_F(RoomsTest, MovingChannelsTellsTheOldChannel) {
    Room room = rooms->createRoom(alice, "gaming", "Jam", "");
    clearEvents();
    Room moved = rooms->updateRoom(alice, room.id, std::string("music"), std::nullopt, std::string("now music"));
    EXPECT_EQ(moved.channelId, "music");
    EXPECT_EQ(moved.description, "now music");
    EXPECT_THAT(events(), ElementsAre("updated Jam in music", "deleted from gaming"));
    EXPECT_TRUE(rooms->listRooms("gaming").empty());
    EXPECT_EQ(rooms->listRooms("music").size(), 1u);
    EXPECT_EQ(httpErrorOf([&] { rooms->updateRoom(alice, room.id, std::string("nope"), std::nullopt, std::nullopt); }),
              "unknown_channel");
}

TEST_F(RoomsTest, DeletePublishesAndForgets) {
    Room room = rooms->createRoom(alice, "gaming", "Gone soon", "");
    clearEvents();
    rooms->deleteRoom(alice, room.id);
    EXPECT_FALSE(rooms->findRoom(room.id));
    EXPECT_THAT(events(), ElementsAre("deleted from gaming"));
    EXPECT_NO_THROW(rooms->createRoom(alice, "music", "Another", "")) << "the limit counts existing rooms";
}

TEST_F(RoomsTest, LiveRoomsListFirstAndCannotBeDeleted) {
    Room quiet = rooms->createRoom(alice, "gaming", "Quiet", "");
    Room loud = rooms->createRoom(bob, "gaming", "Loud", "");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    rooms->updateRoom(alice, quiet.id, std::nullopt, "Quiet (edited last)", std::nullopt);
    EXPECT_EQ(rooms->listRooms("gaming").front().id, quiet.id) << "most recently updated first";

    auto key = rooms->mintStreamKey(bob, loud.id);
    auto publisher = publish(rooms->authorizePublish(key.key));
    rooms->setViewerCount(loud.id, 12);
    auto listed = rooms->listRooms("gaming");
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, loud.id) << "live rooms first";
    EXPECT_TRUE(listed[0].live);
    EXPECT_EQ(listed[0].viewers, 12);
    EXPECT_EQ(rooms->liveRoomCount("gaming"), 1);
    EXPECT_EQ(httpErrorOf([&] { rooms->deleteRoom(bob, loud.id); }), "room_live");

    publisher->finish();
    EXPECT_FALSE(rooms->findRoom(loud.id)->live);
    EXPECT_EQ(rooms->liveRoomCount("gaming"), 0);
}

TEST_F(RoomsTest, ViewerCountsNeverGoNegative) {
    Room room = rooms->createRoom(alice, "gaming", "Counted", "");
    rooms->setViewerCount(room.id, -3);
    EXPECT_EQ(rooms->findRoom(room.id)->viewers, 0);
    rooms->setViewerCount(room.id, 4);
    EXPECT_EQ(rooms->findRoom(room.id)->viewers, 4);
}

TEST_F(RoomsTest, RoomsSurviveARestart) {
    Room room = rooms->createRoom(alice, "gaming", "Persistent", "kept on disk");
    reopen();
    auto found = rooms->findRoom(room.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->title, "Persistent");
    EXPECT_EQ(found->description, "kept on disk");
    EXPECT_EQ(found->ownerName, "Alice");
    EXPECT_EQ(httpErrorOf([&] { rooms->createRoom(alice, "music", "Second", ""); }), "room_limit");
}

}  // namespace
}  // namespace sockstream::core
