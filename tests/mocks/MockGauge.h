#pragma once

#include <gmock/gmock.h>

#include "sockstream/metrics/Metrics.h"

namespace sockstream::mocks {

class MockGauge : public Gauge {
public:
    MOCK_METHOD(void, set, (double value), (override));
    MOCK_METHOD(void, add, (double amount), (override));
};

}  // namespace sockstream::mocks
