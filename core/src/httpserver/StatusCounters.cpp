#include "httpserver/StatusCounters.h"

#include <string>

namespace sockstream::core {

void StatusCounters::count(int status) {
    if (status < 100 || status >= static_cast<int>(_counters.size())) return;
    Counter* counter = _counters[status].load(std::memory_order_acquire);
    if (!counter) {
        // Two threads may both look it up; Metrics hands both the same counter.
        counter = &_metrics.counter("http_requests_total", "HTTP requests answered, by status",
                                    {{"status", std::to_string(status)}});
        _counters[status].store(counter, std::memory_order_release);
    }
    counter->increment();
}

}  // namespace sockstream::core
