#pragma once

#include <gmock/gmock.h>

#include "MockMediaPublisher.h"
#include "sockstream/media/MediaBus.h"

namespace sockstream::mocks {

class MockMediaBus : public MediaBus {
public:
    MOCK_METHOD(std::unique_ptr<MediaPublisher>, openStream,
                (const PublishGrant& grant, std::vector<TrackInfo> tracks, std::string encoder,
                 std::function<void()> onSuperseded),
                (override));
    MOCK_METHOD(void, addObserver, (std::shared_ptr<MediaObserver> observer), (override));
    MOCK_METHOD(std::shared_ptr<const StreamInfo>, liveStream, (const std::string& roomId), (const, override));
};

}  // namespace sockstream::mocks
