#pragma once

#include <gmock/gmock.h>

#include "MockCounter.h"
#include "MockGauge.h"
#include "sockstream/metrics/Metrics.h"

namespace sockstream::mocks {

/// counter() and gauge() return references: by default to `defaultCounter` and
/// `defaultGauge`; return your own with EXPECT_CALL(...).WillOnce(ReturnRef(counter)).
class MockMetrics : public Metrics {
public:
    MockMetrics() {
        ON_CALL(*this, counter).WillByDefault(::testing::ReturnRef(defaultCounter));
        ON_CALL(*this, gauge).WillByDefault(::testing::ReturnRef(defaultGauge));
    }

    MOCK_METHOD(Counter&, counter, (const std::string& name, const std::string& help, const MetricLabels& labels),
                (override));
    MOCK_METHOD(Gauge&, gauge, (const std::string& name, const std::string& help, const MetricLabels& labels),
                (override));
    MOCK_METHOD(void, gaugeCallback,
                (const std::string& name, const std::string& help, std::function<double()> read,
                 const MetricLabels& labels),
                (override));

    ::testing::NiceMock<MockCounter> defaultCounter;
    ::testing::NiceMock<MockGauge> defaultGauge;
};

}  // namespace sockstream::mocks
