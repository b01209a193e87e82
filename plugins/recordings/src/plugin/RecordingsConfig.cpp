#include "RecordingsConfig.h"

#include <filesystem>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::recordings {

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
}

RecordingsConfig RecordingsConfig::parse(const PluginContext& context) {
    RecordingsConfig config;
    const lib::config::ConfigSection fields(context.config());
    fields.allowOnly({"recordByDefault", "directory", "roomQuotaMiB", "totalQuotaMiB", "maxAgeDays", "segmentSeconds",
                      "maxQueueMiB", "sweepMinutes"});
    config.recordByDefault = fields.boolean("recordByDefault", true);
    config.directory = fields.string("directory", "");
    if (auto override = context.configOverride("directory")) config.directory = override->value;
    if (config.directory.empty())
        config.directory = (std::filesystem::path(context.settings().dataDir) / "recordings").string();
    // Fractions of a MiB are allowed (a test, a tiny box); 0 means no limit.
    config.roomQuotaMiB = fields.number("roomQuotaMiB", 10240, 0, 1e9);
    config.roomQuotaBytes = static_cast<std::int64_t>(config.roomQuotaMiB * kMiB);
    config.totalQuotaBytes = static_cast<std::int64_t>(fields.number("totalQuotaMiB", 102400, 0, 1e10) * kMiB);
    config.maxAgeMs = static_cast<std::int64_t>(fields.number("maxAgeDays", 90, 0, 36500) * 86'400'000.0);
    config.segmentTarget =
        std::chrono::milliseconds(static_cast<std::int64_t>(fields.number("segmentSeconds", 4, 1, 10) * 1000));
    config.maxQueueBytes = static_cast<std::size_t>(fields.integer("maxQueueMiB", 64, 1, 4096)) << 20;
    config.sweepInterval = std::chrono::minutes(fields.integer("sweepMinutes", 10, 1, 24 * 60));
    return config;
}

}  // namespace sockstream::recordings
