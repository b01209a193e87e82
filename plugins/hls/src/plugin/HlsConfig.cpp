#include "HlsConfig.h"

#include <cmath>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::hls {

HlsConfig HlsConfig::fromJson(const Poco::JSON::Object& json) {
    const lib::config::ConfigSection fields(json);
    fields.allowOnly({"lowLatency", "container", "targetDurationSeconds", "partDurationSeconds", "maxSegmentSeconds",
                      "windowSegments",
                      "blockingReloadTimeoutSeconds", "maxHeldRequestsPerStream", "corsOrigins",
                      "endedRetentionSeconds", "writeThroughDirectory", "thumbnail"});
    HlsConfig config;
    config.segmenter.lowLatency = fields.boolean("lowLatency", true);
    const std::string container = fields.string("container", "auto");
    if (container == "fmp4") config.segmenter.forcedContainer = Container::Fmp4;
    else if (container == "ts") config.segmenter.forcedContainer = Container::MpegTs;
    else if (container != "auto") fields.fail("container", "must be \"auto\", \"fmp4\" or \"ts\"");
    if (config.segmenter.lowLatency && config.segmenter.forcedContainer == Container::MpegTs)
        fields.fail("container", "must be \"fmp4\" or \"auto\" for low-latency parts");

    const double target = fields.number("targetDurationSeconds", 2, 1, 10);
    const double part = fields.number("partDurationSeconds", 0.334, 0.1, 2);
    if (part > target / 2) fields.fail("partDurationSeconds", "must be at most half the target duration");
    config.segmenter.targetDurationMs = std::llround(target * 1000);
    config.segmenter.partTargetMs = std::llround(part * 1000);
    // Whole seconds: it is EXT-X-TARGETDURATION, an integer.
    const double wholeTarget = std::ceil(target);
    const double defaultCeiling = config.segmenter.lowLatency ? wholeTarget : 4 * wholeTarget;
    const auto ceiling = fields.integer("maxSegmentSeconds", static_cast<long long>(defaultCeiling), 1, 40);
    if (static_cast<double>(ceiling) < target)
        fields.fail("maxSegmentSeconds", "must be at least targetDurationSeconds");
    config.segmenter.maxSegmentMs = ceiling * 1000;
    config.windowSegments = static_cast<std::size_t>(fields.integer("windowSegments", 6, 3, 60));
    config.blockingReloadTimeout = std::chrono::milliseconds(
        std::llround(fields.number("blockingReloadTimeoutSeconds", 3 * target, 1, 60) * 1000));
    config.maxHeldRequestsPerStream =
        static_cast<std::size_t>(fields.integer("maxHeldRequestsPerStream", 2000, 1, 100000));
    config.endedRetention = std::chrono::seconds(std::llround(fields.number("endedRetentionSeconds", 30, 0, 3600)));
    config.writeThroughDirectory = fields.string("writeThroughDirectory", "");
    config.corsOrigins = fields.strings("corsOrigins", config.corsOrigins, true);
    const auto thumbnail = fields.section("thumbnail");
    thumbnail.allowOnly({"width", "refreshSeconds"});
    config.thumbnailWidth = static_cast<int>(thumbnail.integer("width", 320, 32, 1920));
    config.thumbnailRefresh = std::chrono::seconds(std::llround(thumbnail.number("refreshSeconds", 5, 1, 600)));
    return config;
}

}  // namespace sockstream::hls
