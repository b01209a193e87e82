#include "HlsConfig.h"

#include <cmath>
#include <stdexcept>

#include <Poco/JSON/Array.h>

namespace sockstream::hls {

namespace {

double number(const Poco::JSON::Object& json, const std::string& key, double fallback, double min, double max) {
    if (!json.has(key)) return fallback;
    double value = 0;
    try {
        value = json.getValue<double>(key);
    } catch (const Poco::Exception&) {
        throw std::invalid_argument("hls: \"" + key + "\" must be a number");
    }
    if (!std::isfinite(value) || value < min || value > max)
        throw std::invalid_argument("hls: \"" + key + "\" must be between " + std::to_string(min) + " and " + std::to_string(max));
    return value;
}

bool flag(const Poco::JSON::Object& json, const std::string& key, bool fallback) {
    if (!json.has(key)) return fallback;
    auto value = json.get(key);
    if (!value.isBoolean()) throw std::invalid_argument("hls: \"" + key + "\" must be true or false");
    return value.convert<bool>();
}

}  // namespace

HlsConfig HlsConfig::fromJson(const Poco::JSON::Object& json) {
    HlsConfig config;
    config.segmenter.lowLatency = flag(json, "lowLatency", true);
    std::string container = json.optValue<std::string>("container", "auto");
    if (container == "fmp4") config.segmenter.forcedContainer = Container::Fmp4;
    else if (container == "ts") config.segmenter.forcedContainer = Container::MpegTs;
    else if (container != "auto") throw std::invalid_argument("hls: \"container\" must be \"auto\", \"fmp4\" or \"ts\"");
    if (config.segmenter.lowLatency && config.segmenter.forcedContainer == Container::MpegTs)
        throw std::invalid_argument("hls: low-latency parts need \"container\": \"fmp4\" or \"auto\"");

    double target = number(json, "targetDurationSeconds", 2, 1, 10);
    double part = number(json, "partDurationSeconds", 0.334, 0.1, 2);
    if (part > target / 2) throw std::invalid_argument("hls: \"partDurationSeconds\" must be at most half the target duration");
    config.segmenter.targetDurationMs = std::llround(target * 1000);
    config.segmenter.partTargetMs = std::llround(part * 1000);
    config.windowSegments = static_cast<std::size_t>(number(json, "windowSegments", 6, 3, 60));
    config.blockingReloadTimeout = std::chrono::milliseconds(
        std::llround(number(json, "blockingReloadTimeoutSeconds", 3 * target, 1, 60) * 1000));
    config.maxHeldRequestsPerStream = static_cast<std::size_t>(number(json, "maxHeldRequestsPerStream", 2000, 1, 100000));
    config.endedRetention = std::chrono::seconds(std::llround(number(json, "endedRetentionSeconds", 30, 0, 3600)));
    config.writeThroughDirectory = json.optValue<std::string>("writeThroughDirectory", "");
    if (json.has("corsOrigins")) {
        auto origins = json.getArray("corsOrigins");
        if (!origins) throw std::invalid_argument("hls: \"corsOrigins\" must be an array of origins");
        config.corsOrigins.clear();
        for (std::size_t i = 0; i < origins->size(); ++i) config.corsOrigins.push_back(origins->getElement<std::string>(static_cast<unsigned>(i)));
    }
    if (auto thumbnail = json.getObject("thumbnail")) {
        config.thumbnailWidth = static_cast<int>(number(*thumbnail, "width", 320, 32, 1920));
        config.thumbnailRefresh = std::chrono::seconds(std::llround(number(*thumbnail, "refreshSeconds", 5, 1, 600)));
    }
    return config;
}

}  // namespace sockstream::hls
