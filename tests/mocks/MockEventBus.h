#pragma once

#include <gmock/gmock.h>

#include "sockstream/events/EventBus.h"

namespace sockstream::mocks {

/// subscribe<E>() and publish<E>() are templates over these; expect on the topic,
/// e.g. EXPECT_CALL(bus, subscribeTopic(RoomCreated::kTopic, _)).
class MockEventBus : public EventBus {
public:
    MOCK_METHOD(SubscriptionId, subscribeTopic, (std::string_view topic, std::function<void(const Event&)> handler),
                (override));
    MOCK_METHOD(void, unsubscribe, (SubscriptionId id), (override));
    MOCK_METHOD(void, publishTopic, (std::string_view topic, const Event& event), (override));
};

}  // namespace sockstream::mocks
