#pragma once

#include <cstddef>

#include <Poco/JSON/Object.h>

#include "DestinationWorker.h"

namespace sockstream::restream {

/// The plugin's "config" object (see plugins/restream/README.md).
struct RestreamConfig {
    std::size_t maxDestinationsPerRoom = 5;
    WorkerLimits worker;

    /// Strict: unknown keys and out-of-range values throw ConfigError.
    static RestreamConfig parse(const Poco::JSON::Object& json);
};

}  // namespace sockstream::restream
