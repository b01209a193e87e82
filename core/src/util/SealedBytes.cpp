#include "sockstream/util/SealedBytes.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <cstdint>
#include <unistd.h>

namespace sockstream {
namespace {

bool writeAll(int file, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t written = ::write(file, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

}  // namespace

std::shared_ptr<const SealedBytes> SealedBytes::copyOf(std::string_view bytes) {
    std::shared_ptr<SealedBytes> sealed(new SealedBytes());
    if (!sealed->sealIntoFile(bytes)) {
        sealed->_heap.assign(bytes);
        sealed->_data = sealed->_heap.data();
        sealed->_size = sealed->_heap.size();
    }
    return sealed;
}

std::shared_ptr<const SealedBytes> SealedBytes::mapFile(const std::string& path, std::size_t length) {
    if (length == 0) return nullptr;
    const int file = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file < 0) return nullptr;
    struct stat status {};
    void* mapping = MAP_FAILED;
    if (::fstat(file, &status) == 0 && S_ISREG(status.st_mode) && static_cast<std::uint64_t>(status.st_size) >= length)
        mapping = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, file, 0);
    if (mapping == MAP_FAILED) {
        ::close(file);
        return nullptr;
    }
    std::shared_ptr<SealedBytes> mapped(new SealedBytes());
    mapped->_file = file;
    mapped->_mapping = mapping;
    mapped->_data = static_cast<const char*>(mapping);
    mapped->_size = length;
    return mapped;
}

bool SealedBytes::sealIntoFile(std::string_view bytes) {
    // Nothing to send: an empty body needs no file (and cannot be mapped).
    if (bytes.empty()) return false;
    int file = ::memfd_create("sockstream-media", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (file < 0) return false;
    // Sealed against every change, so a request being sent from the file can
    // never see other bytes than the ones it was answered with.
    constexpr int kSeals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL;
    void* mapping = MAP_FAILED;
    if (writeAll(file, bytes) && ::fcntl(file, F_ADD_SEALS, kSeals) == 0)
        mapping = ::mmap(nullptr, bytes.size(), PROT_READ, MAP_SHARED, file, 0);
    if (mapping == MAP_FAILED) {
        ::close(file);
        return false;
    }
    _file = file;
    _mapping = mapping;
    _data = static_cast<const char*>(mapping);
    _size = bytes.size();
    return true;
}

SealedBytes::~SealedBytes() {
    if (_mapping) ::munmap(_mapping, _size);
    if (_file >= 0) ::close(_file);
}

}  // namespace sockstream
