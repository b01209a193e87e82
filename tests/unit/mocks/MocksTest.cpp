#include <memory>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "MockPluginContext.h"
#include "sockstream/SockStream.h"

namespace sockstream::mocks {
namespace {

using ::testing::_;
using ::testing::ByMove;
using ::testing::DoAll;
using ::testing::Eq;
using ::testing::Field;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::ReturnRef;
using ::testing::SaveArg;

/// What a plugin author writes: a route reporting how many rooms were created,
/// and an ingest-like call into Rooms and the media bus.
class WelcomePlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        _rooms = &context.rooms();
        _media = &context.media();
        _created = &context.metrics().counter("welcome_rooms_total", "rooms seen");
        context.events().subscribe<RoomCreated>([this](const RoomCreated& event) {
            ++_count;
            _lastTitle = event.room.title;
            _created->increment();
        });
        context.http().get("/api/welcome", [this](const HttpRequest&) {
            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
            body->set("rooms", _count);
            body->set("last", _lastTitle);
            return HttpResponse::json(200, body);
        }, Dispatch::Inline);
    }
    bool goLive(const std::string& key) {
        PublishDecision decision = _rooms->authorizePublish(key);
        if (!decision.allowed) return false;
        _publisher = _media->openStream(decision.grant, {}, "welcome", {});
        return _publisher != nullptr;
    }

private:
    Rooms* _rooms = nullptr;
    MediaBus* _media = nullptr;
    Counter* _created = nullptr;
    int _count = 0;
    std::string _lastTitle;
    std::unique_ptr<MediaPublisher> _publisher;
};

TEST(Mocks, DriveAPluginsInitAndHandlers) {
    NiceMock<MockPluginContext> context;
    MockCounter counter;
    HttpHandler handler;
    std::function<void(const Event&)> onRoomCreated;
    EXPECT_CALL(context.metricRegistry, counter("welcome_rooms_total", _, _)).WillOnce(ReturnRef(counter));
    EXPECT_CALL(context.eventBus, subscribeTopic(Eq(RoomCreated::kTopic), _))
        .WillOnce(DoAll(SaveArg<1>(&onRoomCreated), Return(SubscriptionId{7})));
    EXPECT_CALL(context.router, add("GET", "/api/welcome", _, Dispatch::Inline)).WillOnce(SaveArg<2>(&handler));
    EXPECT_CALL(counter, increment(1.0)).Times(2);

    WelcomePlugin plugin;
    plugin.init(context);
    ASSERT_TRUE(onRoomCreated);
    ASSERT_TRUE(handler);

    RoomCreated first;
    first.room.title = "Jam";
    onRoomCreated(first);
    RoomCreated second;
    second.room.title = "Speedruns";
    onRoomCreated(second);

    HttpResponse response = handler(HttpRequest{});
    auto body = Poco::JSON::Parser().parse(std::string(response.body())).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(body->getValue<int>("rooms"), 2);
    EXPECT_EQ(body->getValue<std::string>("last"), "Speedruns");
}

TEST(Mocks, RoomsAndMediaBusStandInForTheCore) {
    NiceMock<MockPluginContext> context;
    WelcomePlugin plugin;
    plugin.init(context);

    PublishDecision refused;
    refused.reason = "the stream key is not recognised";
    PublishDecision allowed;
    allowed.allowed = true;
    allowed.grant.roomId = "room-1";
    EXPECT_CALL(context.roomRegistry, authorizePublish(std::string_view("bad-key"))).WillOnce(Return(refused));
    EXPECT_CALL(context.roomRegistry, authorizePublish(std::string_view("good-key"))).WillOnce(Return(allowed));
    auto publisher = std::make_unique<NiceMock<MockMediaPublisher>>();
    EXPECT_CALL(*publisher, interrupt()).Times(0);
    EXPECT_CALL(context.mediaBus, openStream(Field(&PublishGrant::roomId, "room-1"), _, "welcome", _))
        .WillOnce(Return(ByMove(std::move(publisher))));

    EXPECT_FALSE(plugin.goLive("bad-key"));
    EXPECT_TRUE(plugin.goLive("good-key"));
}

TEST(Mocks, ContextHandsOutItsOwnMocksAndSettings) {
    NiceMock<MockPluginContext> context;
    context.name = "welcome";
    context.configObject.set("greeting", "Hi");
    context.settingsValue.publicUrl = "https://tv.example";
    PluginContext& base = context;
    EXPECT_EQ(base.pluginName(), "welcome");
    EXPECT_EQ(base.config().getValue<std::string>("greeting"), "Hi");
    EXPECT_TRUE(base.settings().secureCookies());
    EXPECT_EQ(&base.http(), &context.router);
    EXPECT_EQ(&base.listeners(), &context.listenerRegistry);
    EXPECT_EQ(&base.database(), &context.db);
    EXPECT_EQ(&base.identity(), &context.users);
    EXPECT_EQ(&base.scheduler(), &context.timers);
    EXPECT_EQ(&base.services(), &context.serviceRegistry);

    auto service = std::make_shared<int>(42);
    EXPECT_CALL(context.serviceRegistry, findService(Eq(std::string_view("answer"))))
        .WillOnce(Return(std::shared_ptr<void>(service)));
    EXPECT_EQ(base.services().findService("answer").get(), service.get());
}

}  // namespace
}  // namespace sockstream::mocks
