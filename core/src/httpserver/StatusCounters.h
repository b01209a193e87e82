#pragma once

#include <array>
#include <atomic>

#include "sockstream/metrics/Metrics.h"

namespace sockstream::core {

/// http_requests_total{status} without a label-map lookup per request: each
/// status's counter is fetched from Metrics once and remembered.
class StatusCounters {
public:
    explicit StatusCounters(Metrics& metrics) : _metrics(metrics) {}
    void count(int status);

private:
    Metrics& _metrics;
    std::array<std::atomic<Counter*>, 600> _counters{};
};

}  // namespace sockstream::core
