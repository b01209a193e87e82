#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <Poco/JSON/Object.h>

#include "sockstream/plugin/PluginContext.h"

namespace sockstream::recordings {

/// The plugin's "config" object, checked at start-up (unknown keys are errors).
struct RecordingsConfig {
    bool recordByDefault = true;       ///< rooms whose owner never flipped the switch
    std::string directory;             ///< default <dataDir>/recordings
    std::int64_t roomQuotaBytes = 0;   ///< 0: no limit
    std::int64_t totalQuotaBytes = 0;  ///< 0: no limit
    std::int64_t maxAgeMs = 0;         ///< 0: kept until deleted or pushed out by a quota
    std::chrono::milliseconds segmentTarget{4000};
    std::size_t maxQueueBytes = 64u << 20;
    std::chrono::milliseconds sweepInterval{10 * 60 * 1000};
    double roomQuotaMiB = 0;

    static RecordingsConfig parse(const PluginContext& context);
};

}  // namespace sockstream::recordings
