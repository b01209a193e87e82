#pragma once

#include <functional>
#include <map>
#include <string>

namespace sockstream {

using MetricLabels = std::map<std::string, std::string>;

class Counter {
public:
    virtual ~Counter() = default;
    virtual void increment(double amount = 1) = 0;
};

class Gauge {
public:
    virtual ~Gauge() = default;
    virtual void set(double value) = 0;
    virtual void add(double amount) = 0;
};

/// Prometheus metrics served at GET /metrics. Metric objects belong to the
/// core and stay valid for the server's life; names are prefixed "sockstream_".
class Metrics {
public:
    virtual ~Metrics() = default;
    virtual Counter& counter(const std::string& name, const std::string& help, const MetricLabels& labels = {}) = 0;
    virtual Gauge& gauge(const std::string& name, const std::string& help, const MetricLabels& labels = {}) = 0;
    /// A gauge read when /metrics is scraped (removed when the plugin unloads).
    virtual void gaugeCallback(const std::string& name, const std::string& help,
                               std::function<double()> read, const MetricLabels& labels = {}) = 0;
};

}  // namespace sockstream
