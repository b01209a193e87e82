#include "cluster/ClusterEnvelope.h"

#include <algorithm>

namespace sockstream::core {

namespace {

constexpr std::string_view kMagic = "SSC1 ";

bool isPrintableName(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return c > ' ' && c < 127;
    });
}

}  // namespace

std::string ClusterEnvelope::encode() const {
    std::string wire;
    wire.reserve(kMagic.size() + serverId.size() + channel.size() + payload.size() + 2);
    wire.append(kMagic).append(serverId).append(1, '\n').append(channel).append(1, '\n').append(payload);
    return wire;
}

std::optional<ClusterEnvelope> ClusterEnvelope::decode(std::string_view wire, std::string& error) {
    if (wire.size() > kMagic.size() + kMaxServerId + kMaxChannel + kMaxPayload + 2) {
        error = "envelope larger than the limit";
        return std::nullopt;
    }
    if (wire.substr(0, kMagic.size()) != kMagic) {
        error = "not a SockStream cluster envelope";
        return std::nullopt;
    }
    wire.remove_prefix(kMagic.size());
    auto firstBreak = wire.find('\n');
    if (firstBreak == std::string_view::npos) {
        error = "envelope without a channel line";
        return std::nullopt;
    }
    auto secondBreak = wire.find('\n', firstBreak + 1);
    if (secondBreak == std::string_view::npos) {
        error = "envelope without a payload line";
        return std::nullopt;
    }
    std::string_view server = wire.substr(0, firstBreak);
    std::string_view channel = wire.substr(firstBreak + 1, secondBreak - firstBreak - 1);
    std::string_view payload = wire.substr(secondBreak + 1);
    if (server.size() > kMaxServerId || !isPrintableName(server)) {
        error = "envelope with a malformed server id";
        return std::nullopt;
    }
    if (channel.size() > kMaxChannel || !isPrintableName(channel)) {
        error = "envelope with a malformed channel name";
        return std::nullopt;
    }
    if (payload.size() > kMaxPayload) {
        error = "envelope payload larger than the limit";
        return std::nullopt;
    }
    return ClusterEnvelope{std::string(server), std::string(channel), std::string(payload)};
}

}  // namespace sockstream::core
