#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "media/StreamHealthMonitor.h"
#include "sockstream/rooms/Room.h"

namespace sockstream::core {

struct HealthWarning {
    std::string code;
    std::string message;
};

/// Everything GET /api/rooms/{id}/health and room:health tell a host about a broadcast.
struct StreamHealthReport {
    BroadcastState state = BroadcastState::Offline;
    std::string keyState;               ///< "none", "idle", "authorised", "live", "interrupted", "expired"
    std::optional<IngestHealth> ingest;  ///< empty while no media is on the bus
    int viewers = 0;
    std::vector<HealthWarning> warnings;
};

/// What a host should change, in words: today the keyframe interval (with the OBS steps).
std::vector<HealthWarning> healthWarnings(const std::optional<IngestHealth>& ingest);

/// The health object of docs/api.md. `nowMillis` gives uptime.
Poco::JSON::Object::Ptr healthJson(const StreamHealthReport& report, std::int64_t nowMillis);

}  // namespace sockstream::core
