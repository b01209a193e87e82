#pragma once

#include <memory>
#include <optional>

#include "RecorderThread.h"
#include "RecordingRoutes.h"
#include "RecordingStore.h"
#include "RecordingsConfig.h"
#include "sockstream/SockStream.h"

namespace sockstream::recordings {

/// Records every broadcast of the rooms that want it into fMP4 on disk, with
/// an index in the database, and serves them as VOD HLS, one MP4 download and
/// a JSON API. See README.md.
class RecordingsPlugin : public Plugin {
public:
    void init(PluginContext& context) override;
    void start() override;
    void stop() override;

private:
    /// After a crash (kill -9): what was being recorded is kept up to its last
    /// indexed fragment and marked cut_short; bytes after it are cut off.
    void recoverInterrupted();

    PluginContext* _context = nullptr;
    std::optional<RecordingsConfig> _config;
    std::unique_ptr<RecordingStore> _store;
    std::shared_ptr<RecorderThread> _recorder;
    std::unique_ptr<RecordingRoutes> _routes;
    std::shared_ptr<TimerHandle> _sweepTimer;
    SubscriptionId _roomDeleted = 0;
};

}  // namespace sockstream::recordings
