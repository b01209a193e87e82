// Fuzzes the request-target decoder: it must never crash, and whatever it
// accepts must be a path that cannot climb out of a directory.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "httpserver/RequestTarget.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string reason;
    auto target = sockstream::core::RequestTarget::parse(input, &reason);
    if (target) {
        const std::string& path = target->path;
        if (path.empty() || path.front() != '/') std::abort();
        if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) std::abort();
        if (path.find("/../") != std::string::npos || path.ends_with("/..")) std::abort();
        if (target->query.size() > sockstream::core::RequestTarget::kMaxQueryParameters) std::abort();
    } else if (reason.empty()) {
        std::abort();
    }
    return 0;
}
