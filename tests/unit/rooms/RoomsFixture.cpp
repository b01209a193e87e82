#include "RoomsFixture.h"

#include "sockstream/events/RoomEvents.h"

namespace sockstream::test {

RoomsFixture::RoomsFixture() {
    config.reconnectGraceSeconds = 30;
    config.admins = {"admin@example.com"};
}

RoomsFixture::~RoomsFixture() { close(); }

void RoomsFixture::open() {
    database = std::make_unique<core::DatabaseImpl>(dir.file("rooms.db"), Poco::Logger::get("test.database"));
    database->migrate("identity", core::IdentityImpl::migrations());
    database->migrate("rooms", core::RoomStore::migrations());
    identity = std::make_unique<core::IdentityImpl>(*database, core::SessionPolicy{}, Poco::Logger::get("test.identity"));
    bus = std::make_unique<core::EventBusImpl>(Poco::Logger::get("test.events"));
    bus->subscribe("test", RoomCreated::kTopic, [this](const Event& e) {
        _events.push_back("created " + static_cast<const RoomCreated&>(e).room.title);
    });
    bus->subscribe("test", RoomUpdated::kTopic, [this](const Event& e) {
        const auto& room = static_cast<const RoomUpdated&>(e).room;
        _events.push_back("updated " + room.title + " in " + room.channelId);
    });
    bus->subscribe("test", RoomDeleted::kTopic, [this](const Event& e) {
        _events.push_back("deleted from " + static_cast<const RoomDeleted&>(e).channelId);
    });
    bus->subscribe("test", StreamStarted::kTopic, [this](const Event& e) {
        const auto& started = static_cast<const StreamStarted&>(e);
        _events.push_back(std::string("started") + (started.resumed ? " resumed" : ""));
    });
    bus->subscribe("test", StreamInterrupted::kTopic, [this](const Event&) { _events.push_back("interrupted"); });
    bus->subscribe("test", StreamEnded::kTopic, [this](const Event& e) {
        const auto& reason = static_cast<const StreamEnded&>(e).reason;
        _events.push_back(reason == "ended" ? std::string("ended") : "ended " + reason);
    });
    bus->subscribe("test", StreamHealthUpdated::kTopic, [this](const Event& e) {
        const auto& health = static_cast<const StreamHealthUpdated&>(e);
        _health.push_back(health.healthJson);
        _healthRecipients = health.recipientUserIds;
    });
    media = std::make_unique<core::MediaBusImpl>(scheduler, Poco::Logger::get("test.media"),
                                                 std::chrono::seconds(config.reconnectGraceSeconds));
    rooms = std::make_unique<core::RoomsImpl>(*database, channels, config, "stream-key-secret", *media, *bus,
                                              Poco::Logger::get("test.rooms"));
    media->setBroadcastListener(rooms.get());
}

void RoomsFixture::close() {
    if (media) media->setBroadcastListener(nullptr);
    rooms.reset();
    media.reset();
    bus.reset();
    identity.reset();
    database.reset();
}

User RoomsFixture::createUser(const std::string& email, const std::string& name) {
    User user;
    user.name = name;
    user.email = email;
    return identity->createUser(user, LinkedAccount{"", "test", email, ""});
}

std::unique_ptr<MediaPublisher> RoomsFixture::publish(const PublishDecision& decision) {
    EXPECT_TRUE(decision.allowed) << decision.reason;
    auto publisher = media->openStream(decision.grant, {}, "test-encoder", {});
    if (!publisher) {
        ADD_FAILURE() << "the media bus refused the stream";
        return publisher;
    }
    MediaPacket packet;
    packet.data = std::make_shared<const std::string>("x");
    publisher->push(packet);
    return publisher;
}

}  // namespace sockstream::test
