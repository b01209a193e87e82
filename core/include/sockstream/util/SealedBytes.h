#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "sockstream/Export.h"

namespace sockstream {

/// Immutable bytes written once into a sealed in-memory file (memfd) and
/// mapped read-only. Media served to many viewers is made of these: the HTTP
/// core hands the file to the kernel with sendfile, so a segment is copied
/// once when it is made instead of once per request. When the system refuses
/// a memory file (no memfd, out of descriptors) the bytes stay in the heap and
/// are sent the ordinary way. Thread-safe to read from any thread.
class SOCKSTREAM_API SealedBytes {
public:
    static std::shared_ptr<const SealedBytes> copyOf(std::string_view bytes);
    /// The first `length` bytes of a regular file on disk, mapped read-only and
    /// sent with sendfile: for large bodies written once (a recording) that must
    /// not be read into memory. The caller promises those bytes do not change
    /// while the result lives (appending after them is fine). Null when the file
    /// cannot be opened or is shorter than `length`.
    static std::shared_ptr<const SealedBytes> mapFile(const std::string& path, std::size_t length);

    SealedBytes(const SealedBytes&) = delete;
    SealedBytes& operator=(const SealedBytes&) = delete;
    ~SealedBytes();

    std::string_view view() const { return {_data, _size}; }
    std::size_t size() const { return _size; }
    /// The memory file to send from, or -1 when the bytes are in the heap.
    int fileDescriptor() const { return _file; }

private:
    SealedBytes() = default;
    bool sealIntoFile(std::string_view bytes);

    int _file = -1;
    const char* _data = "";
    std::size_t _size = 0;
    void* _mapping = nullptr;
    std::string _heap;
};

}  // namespace sockstream
