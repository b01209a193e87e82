#pragma once

#include "SrtConfig.h"
#include "sockstream/rooms/Endpoints.h"

namespace sockstream::srt {

/// How an encoder reaches this listener, as "Prepare to stream" shows it.
IngestEndpoint srtIngestEndpoint(const SrtConfig& config, const Settings& settings);

}  // namespace sockstream::srt
