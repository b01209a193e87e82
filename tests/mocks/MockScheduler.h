#pragma once

#include <gmock/gmock.h>

#include "MockTimerHandle.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::mocks {

class MockScheduler : public Scheduler {
public:
    MOCK_METHOD(std::shared_ptr<TimerHandle>, after, (std::chrono::milliseconds delay, std::function<void()> task),
                (override));
    MOCK_METHOD(std::shared_ptr<TimerHandle>, every, (std::chrono::milliseconds interval, std::function<void()> task),
                (override));
    MOCK_METHOD(void, post, (std::function<void()> task), (override));
    MOCK_METHOD(void, postBlocking, (std::function<void()> task), (override));
};

}  // namespace sockstream::mocks
