#pragma once

#include <memory>
#include <string>

#include <string_view>

#include "sockstream/util/Scheduler.h"
#include "sockstream/util/SealedBytes.h"

namespace sockstream::hls {

/// Copies segments and playlists to a directory for a CDN origin, on the
/// worker pool so the packager never waits for the disk.
class WriteThrough {
public:
    WriteThrough(std::string directory, Scheduler& scheduler);
    /// Writes <directory>/<roomId>/<name> atomically (temp file + rename).
    void write(const std::string& roomId, const std::string& name, std::shared_ptr<const SealedBytes> bytes);
    void writeText(const std::string& roomId, const std::string& name, std::string text);
    void remove(const std::string& roomId, const std::string& name);

private:
    /// `keepAlive` owns the memory `bytes` points into until the file is written.
    void schedule(const std::string& roomId, const std::string& name, std::string_view bytes,
                  std::shared_ptr<const void> keepAlive);

    std::string _directory;
    Scheduler& _scheduler;
};

}  // namespace sockstream::hls
