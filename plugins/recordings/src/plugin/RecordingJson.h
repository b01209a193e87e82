#pragma once

#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "RecordingIndex.h"
#include "RecordingStore.h"

namespace sockstream::recordings {

/// A recording as the API shows it (docs/api.md, "Recordings").
Poco::JSON::Object::Ptr recordingJson(const RecordingRow& row);
/// The timeline's pieces: [{atMs, mediaStartSec, durationSec}].
Poco::JSON::Array::Ptr timelineJson(const std::vector<TimelinePiece>& pieces);

}  // namespace sockstream::recordings
