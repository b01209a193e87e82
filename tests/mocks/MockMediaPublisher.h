#pragma once

#include <gmock/gmock.h>

#include "sockstream/media/MediaBus.h"

namespace sockstream::mocks {

class MockMediaPublisher : public MediaPublisher {
public:
    MOCK_METHOD(void, updateTracks, (std::vector<TrackInfo> tracks), (override));
    MOCK_METHOD(void, push, (const MediaPacket& packet), (override));
    MOCK_METHOD(void, finish, (), (override));
    MOCK_METHOD(void, interrupt, (), (override));
    MOCK_METHOD(bool, active, (), (const, override));
    MOCK_METHOD(void, setCloseHandler, (std::function<void(const std::string& why)> handler), (override));
};

}  // namespace sockstream::mocks
