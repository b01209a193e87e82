#include "metrics/MetricsRegistry.h"

#include <atomic>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace sockstream::core {


namespace {

std::string escapeLabelValue(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        out += c;
    }
    return out;
}

std::string formatNumber(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

class MetricsView : public Metrics {
public:
    MetricsView(MetricsRegistry& registry, std::string owner) : _registry(registry), _owner(std::move(owner)) {}
    Counter& counter(const std::string& name, const std::string& help, const MetricLabels& labels) override {
        return _registry.counter(name, help, labels);
    }
    Gauge& gauge(const std::string& name, const std::string& help, const MetricLabels& labels) override {
        return _registry.gauge(name, help, labels);
    }
    void gaugeCallback(const std::string& name, const std::string& help, std::function<double()> read,
                       const MetricLabels& labels) override {
        _registry.gaugeCallback(_owner, name, help, std::move(read), labels);
    }

private:
    MetricsRegistry& _registry;
    std::string _owner;
};

}  // namespace

std::string renderLabels(const MetricLabels& labels) {
    if (labels.empty()) return {};
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : labels) {
        if (!first) out += ',';
        first = false;
        out += key + "=\"" + escapeLabelValue(value) + '"';
    }
    return out + '}';
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, const std::string& type,
                                                 const std::string& help) {
    auto [it, inserted] = _families.try_emplace("sockstream_" + name);
    if (inserted) {
        it->second.type = type;
        it->second.help = help;
    } else if (it->second.type != type) {
        throw std::invalid_argument("metric " + name + " is already a " + it->second.type);
    }
    return it->second;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help, const MetricLabels& labels) {
    std::lock_guard lock(_mutex);
    auto& values = family(name, "counter", help).values;
    auto& slot = values[renderLabels(labels)];
    if (!slot) slot = std::make_unique<Value>();
    return *slot;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help, const MetricLabels& labels) {
    std::lock_guard lock(_mutex);
    auto& values = family(name, "gauge", help).values;
    auto& slot = values[renderLabels(labels)];
    if (!slot) slot = std::make_unique<Value>();
    return *slot;
}

void MetricsRegistry::gaugeCallback(const std::string& owner, const std::string& name, const std::string& help,
                                    std::function<double()> read, const MetricLabels& labels) {
    std::lock_guard lock(_mutex);
    family(name, "gauge", help).callbacks.emplace_back(owner, renderLabels(labels), std::move(read));
}

void MetricsRegistry::removeOwner(const std::string& owner) {
    std::lock_guard lock(_mutex);
    for (auto& [name, fam] : _families)
        std::erase_if(fam.callbacks, [&](const auto& cb) { return std::get<0>(cb) == owner; });
}

std::string MetricsRegistry::renderPrometheus() const {
    std::lock_guard lock(_mutex);
    std::ostringstream out;
    for (const auto& [name, fam] : _families) {
        if (fam.values.empty() && fam.callbacks.empty()) continue;
        out << "# HELP " << name << ' ' << fam.help << '\n' << "# TYPE " << name << ' ' << fam.type << '\n';
        for (const auto& [labels, value] : fam.values)
            out << name << labels << ' ' << formatNumber(value->value.load(std::memory_order_relaxed)) << '\n';
        for (const auto& [owner, labels, read] : fam.callbacks)
            out << name << labels << ' ' << formatNumber(read()) << '\n';
    }
    return out.str();
}

std::unique_ptr<Metrics> MetricsRegistry::viewFor(const std::string& owner) {
    return std::make_unique<MetricsView>(*this, owner);
}

}  // namespace sockstream::core
