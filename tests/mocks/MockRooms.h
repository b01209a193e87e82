#pragma once

#include <gmock/gmock.h>

#include "sockstream/rooms/Rooms.h"

namespace sockstream::mocks {

class MockRooms : public Rooms {
public:
    MOCK_METHOD(std::vector<Channel>, channels, (), (const, override));
    MOCK_METHOD(std::optional<Channel>, findChannel, (const std::string& channelId), (const, override));
    MOCK_METHOD(std::optional<Room>, findRoom, (const std::string& roomId), (const, override));
    MOCK_METHOD(std::vector<Room>, listRooms, (const std::string& channelId), (const, override));
    MOCK_METHOD(bool, isOwnerOrAdmin, (const std::string& roomId, const std::string& userId), (const, override));
    MOCK_METHOD(PublishDecision, authorizePublish, (std::string_view streamKey), (override));
    MOCK_METHOD(void, setViewerCount, (const std::string& roomId, int viewers), (override));
    MOCK_METHOD(std::vector<PlaybackEndpoint>, playback, (const std::string& roomId), (const, override));
    MOCK_METHOD(std::vector<IngestEndpoint>, ingest, (), (const, override));
    MOCK_METHOD(void, setPlaybackAvailability,
                (const std::string& roomId, const std::string& protocol, bool available, const std::string& reason),
                (override));
};

}  // namespace sockstream::mocks
