#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::core {

/// One message on the cluster's Redis channel: who sent it, on which logical
/// channel, and the payload. Wire form: "SSC1 <serverId>\n<channel>\n<payload>".
/// Redis is shared infrastructure, so what arrives is checked like any
/// network input: a malformed or oversized envelope is dropped, not trusted.
struct ClusterEnvelope {
    static constexpr std::size_t kMaxServerId = 64;
    static constexpr std::size_t kMaxChannel = 128;
    static constexpr std::size_t kMaxPayload = 1024 * 1024;

    std::string serverId;
    std::string channel;
    std::string payload;

    std::string encode() const;
    /// nullopt, with `error` set, for anything that is not a well-formed envelope.
    static std::optional<ClusterEnvelope> decode(std::string_view wire, std::string& error);
};

}  // namespace sockstream::core
