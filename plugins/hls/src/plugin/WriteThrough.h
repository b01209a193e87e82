#pragma once

#include <memory>
#include <string>

#include "sockstream/util/Scheduler.h"

namespace sockstream::hls {

/// Copies segments and playlists to a directory for a CDN origin, on the
/// worker pool so the packager never waits for the disk.
class WriteThrough {
public:
    WriteThrough(std::string directory, Scheduler& scheduler);
    /// Writes <directory>/<roomId>/<name> atomically (temp file + rename).
    void write(const std::string& roomId, const std::string& name, std::shared_ptr<const std::string> bytes);
    void remove(const std::string& roomId, const std::string& name);

private:
    std::string _directory;
    Scheduler& _scheduler;
};

}  // namespace sockstream::hls
