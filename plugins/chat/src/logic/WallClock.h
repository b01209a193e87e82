#pragma once

#include <chrono>
#include <cstdint>

namespace sockstream::chat {

/// Unix milliseconds: what messages, mutes and the cluster's counts are stamped with.
inline std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace sockstream::chat
