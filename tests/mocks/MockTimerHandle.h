#pragma once

#include <gmock/gmock.h>

#include "sockstream/util/Scheduler.h"

namespace sockstream::mocks {

class MockTimerHandle : public TimerHandle {
public:
    MOCK_METHOD(void, cancel, (), (override));
};

}  // namespace sockstream::mocks
