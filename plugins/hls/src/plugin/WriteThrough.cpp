#include "WriteThrough.h"

#include <filesystem>
#include <fstream>

namespace sockstream::hls {

WriteThrough::WriteThrough(std::string directory, Scheduler& scheduler)
    : _directory(std::move(directory)), _scheduler(scheduler) {
    std::filesystem::create_directories(_directory);
}

void WriteThrough::write(const std::string& roomId, const std::string& name, std::shared_ptr<const SealedBytes> bytes) {
    std::string_view view = bytes->view();
    schedule(roomId, name, view, std::move(bytes));
}

void WriteThrough::writeText(const std::string& roomId, const std::string& name, std::string text) {
    auto owned = std::make_shared<const std::string>(std::move(text));
    std::string_view view = *owned;
    schedule(roomId, name, view, std::move(owned));
}

void WriteThrough::schedule(const std::string& roomId, const std::string& name, std::string_view bytes,
                            std::shared_ptr<const void> keepAlive) {
    _scheduler.postBlocking([directory = _directory, roomId, name, bytes, keepAlive = std::move(keepAlive)] {
        std::error_code error;
        std::filesystem::path folder = std::filesystem::path(directory) / roomId;
        std::filesystem::create_directories(folder, error);
        std::filesystem::path temporary = folder / (name + ".tmp");
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            if (!out) return;
        }
        std::filesystem::rename(temporary, folder / name, error);
    });
}

void WriteThrough::remove(const std::string& roomId, const std::string& name) {
    _scheduler.postBlocking([directory = _directory, roomId, name] {
        std::error_code error;
        std::filesystem::remove(std::filesystem::path(directory) / roomId / name, error);
    });
}

}  // namespace sockstream::hls
