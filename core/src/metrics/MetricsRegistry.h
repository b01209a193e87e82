#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sockstream/metrics/Metrics.h"

namespace sockstream::core {

/// Counters, gauges and read-on-scrape gauges, rendered in the Prometheus
/// text exposition format. Names get the "sockstream_" prefix.
class MetricsRegistry {
public:
    Counter& counter(const std::string& name, const std::string& help, const MetricLabels& labels);
    Gauge& gauge(const std::string& name, const std::string& help, const MetricLabels& labels);
    void gaugeCallback(const std::string& owner, const std::string& name, const std::string& help,
                       std::function<double()> read, const MetricLabels& labels);
    void removeOwner(const std::string& owner);

    std::string renderPrometheus() const;
    std::unique_ptr<Metrics> viewFor(const std::string& owner);

private:
    struct Value : Counter, Gauge {
        std::atomic<double> value{0};
        void increment(double amount) override { add(amount); }
        void set(double v) override { value.store(v, std::memory_order_relaxed); }
        void add(double amount) override {
            double current = value.load(std::memory_order_relaxed);
            while (!value.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {}
        }
    };
    struct Family {
        std::string type;  // "counter" or "gauge"
        std::string help;
        std::map<std::string, std::unique_ptr<Value>> values;  // by rendered label set
        std::vector<std::tuple<std::string, std::string, std::function<double()>>> callbacks;  // owner, labels, read
    };
    Family& family(const std::string& name, const std::string& type, const std::string& help);

    mutable std::mutex _mutex;
    std::map<std::string, Family> _families;
};

std::string renderLabels(const MetricLabels& labels);

}  // namespace sockstream::core
