#pragma once

#include <gmock/gmock.h>

#include "sockstream/metrics/Metrics.h"

namespace sockstream::mocks {

class MockCounter : public Counter {
public:
    MOCK_METHOD(void, increment, (double amount), (override));
};

}  // namespace sockstream::mocks
