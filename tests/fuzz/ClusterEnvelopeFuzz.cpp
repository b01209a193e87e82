// Fuzzes the decoder of messages read from the cluster's Redis channel: it
// must never crash, whatever it accepts must respect the limits, and an
// accepted envelope must encode back to exactly the bytes it came from.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cluster/ClusterEnvelope.h"

namespace {

bool printableName(const std::string& text, std::size_t limit) {
    if (text.empty() || text.size() > limit) return false;
    for (char c : text)
        if (c <= ' ' || c >= 127) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using sockstream::core::ClusterEnvelope;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string error;
    auto envelope = ClusterEnvelope::decode(input, error);
    if (!envelope) {
        if (error.empty()) std::abort();
        return 0;
    }
    if (!printableName(envelope->serverId, ClusterEnvelope::kMaxServerId)) std::abort();
    if (!printableName(envelope->channel, ClusterEnvelope::kMaxChannel)) std::abort();
    if (envelope->payload.size() > ClusterEnvelope::kMaxPayload) std::abort();
    if (envelope->encode() != input) std::abort();
    return 0;
}
