#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "Segmenter.h"

namespace sockstream::hls {

/// The plugin's "config" object (see plugins/hls/README.md). Unknown keys, wrong types and
/// out-of-range values throw lib::config::ConfigError naming the key: start-up stops.
struct HlsConfig {
    SegmenterSettings segmenter;
    std::size_t windowSegments = 6;
    std::chrono::milliseconds blockingReloadTimeout{6000};
    std::size_t maxHeldRequestsPerStream = 2000;
    std::vector<std::string> corsOrigins{"*"};
    std::chrono::seconds endedRetention{30};
    std::string writeThroughDirectory;
    int thumbnailWidth = 320;
    std::chrono::seconds thumbnailRefresh{5};

    static HlsConfig fromJson(const Poco::JSON::Object& json);
};

}  // namespace sockstream::hls
