#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "events/EventBusImpl.h"
#include "sockstream/events/RoomEvents.h"

namespace sockstream::core {
namespace {

class EventBusTest : public ::testing::Test {
protected:
    EventBusImpl bus{Poco::Logger::get("test.events")};
    std::unique_ptr<EventBus> chat = bus.viewFor("chat");
    std::unique_ptr<EventBus> hls = bus.viewFor("hls");
};

RoomCreated roomCreated(const std::string& id) {
    RoomCreated event;
    event.room.id = id;
    event.room.title = "Room " + id;
    return event;
}

TEST_F(EventBusTest, DeliversTypedEventsToSubscribersOfTheirTopicOnly) {
    std::vector<std::string> seen;
    chat->subscribe<RoomCreated>([&](const RoomCreated& event) { seen.push_back("created " + event.room.title); });
    chat->subscribe<StreamStarted>([&](const StreamStarted& event) {
        seen.push_back("started " + event.roomId + (event.resumed ? " resumed" : ""));
    });
    hls->publish(roomCreated("a"));
    StreamStarted started;
    started.roomId = "b";
    started.resumed = true;
    hls->publish(started);
    RoomDeleted deleted;
    deleted.roomId = "c";
    hls->publish(deleted);
    EXPECT_EQ(seen, (std::vector<std::string>{"created Room a", "started b resumed"}));
}

TEST_F(EventBusTest, DeliversInSubscriptionOrderAcrossOwners) {
    std::vector<std::string> order;
    chat->subscribe<RoomCreated>([&](const RoomCreated&) { order.push_back("chat-1"); });
    hls->subscribe<RoomCreated>([&](const RoomCreated&) { order.push_back("hls"); });
    chat->subscribe<RoomCreated>([&](const RoomCreated&) { order.push_back("chat-2"); });
    bus.publish(RoomCreated::kTopic, roomCreated("a"));
    EXPECT_EQ(order, (std::vector<std::string>{"chat-1", "hls", "chat-2"}));
    EXPECT_EQ(bus.subscriberCount(RoomCreated::kTopic), 3u);
}

TEST_F(EventBusTest, UnsubscribeStopsDelivery) {
    int first = 0, second = 0;
    SubscriptionId id = chat->subscribe<RoomCreated>([&](const RoomCreated&) { ++first; });
    chat->subscribe<RoomCreated>([&](const RoomCreated&) { ++second; });
    chat->publish(roomCreated("a"));
    chat->unsubscribe(id);
    chat->publish(roomCreated("b"));
    chat->unsubscribe(id);  // twice is harmless
    EXPECT_EQ(first, 1);
    EXPECT_EQ(second, 2);
}

TEST_F(EventBusTest, RemoveOwnerDropsOnlyThatOwnersSubscriptions) {
    int chatCount = 0, hlsCount = 0;
    chat->subscribe<RoomCreated>([&](const RoomCreated&) { ++chatCount; });
    chat->subscribe<StreamEnded>([&](const StreamEnded&) { ++chatCount; });
    hls->subscribe<RoomCreated>([&](const RoomCreated&) { ++hlsCount; });
    bus.removeOwner("chat");
    EXPECT_EQ(bus.subscriberCount(RoomCreated::kTopic), 1u);
    EXPECT_EQ(bus.subscriberCount(StreamEnded::kTopic), 0u);
    bus.publish(RoomCreated::kTopic, roomCreated("a"));
    bus.publish(StreamEnded::kTopic, StreamEnded{});
    EXPECT_EQ(chatCount, 0);
    EXPECT_EQ(hlsCount, 1);
}

TEST_F(EventBusTest, ThrowingHandlerDoesNotStopTheOthers) {
    int after = 0;
    chat->subscribe<RoomCreated>([](const RoomCreated&) { throw std::runtime_error("broken subscriber"); });
    hls->subscribe<RoomCreated>([&](const RoomCreated&) { ++after; });
    EXPECT_NO_THROW(chat->publish(roomCreated("a")));
    EXPECT_EQ(after, 1);
}

TEST_F(EventBusTest, HandlersMaySubscribeAndPublishWhileBeingDelivered) {
    int nested = 0;
    chat->subscribe<RoomCreated>([&](const RoomCreated& event) {
        if (event.room.id != "outer") return;
        hls->subscribe<RoomDeleted>([&](const RoomDeleted&) { ++nested; });
        RoomDeleted deleted;
        hls->publish(deleted);
    });
    chat->publish(roomCreated("outer"));
    EXPECT_EQ(nested, 1);
}

TEST_F(EventBusTest, HandlerMayUnsubscribeItselfDuringDelivery) {
    int calls = 0;
    SubscriptionId id = 0;
    id = chat->subscribe<RoomCreated>([&](const RoomCreated&) {
        ++calls;
        chat->unsubscribe(id);
    });
    chat->publish(roomCreated("a"));
    chat->publish(roomCreated("b"));
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace sockstream::core
