#include "WebRtcConfig.h"

#include <arpa/inet.h>

#include <cmath>

#include "sockstream-config/ConfigSection.h"

namespace sockstream::webrtc {

namespace {
bool isIpv4(const std::string& text) {
    in_addr parsed{};
    return ::inet_pton(AF_INET, text.c_str(), &parsed) == 1;
}
std::chrono::milliseconds seconds(double value) { return std::chrono::milliseconds(std::llround(value * 1000)); }
}  // namespace

WebRtcConfig WebRtcConfig::fromJson(const Poco::JSON::Object& json) {
    const lib::config::ConfigSection fields(json);
    fields.allowOnly({"udpPort", "tcpPort", "bindAddress", "candidateAddress", "maxSessions", "maxSessionsPerAddress",
                      "connectTimeoutSeconds", "idleTimeoutSeconds", "maxKeyframeGroupPackets",
                      "retransmissionHistoryPackets", "whipKeyframeIntervalSeconds", "whipSilenceTimeoutSeconds",
                      "candidatePort", "whipTranscodeBitrateKbps", "catchUpRateMultiplier"});
    WebRtcConfig config;
    config.udpPort = static_cast<std::uint16_t>(fields.integer("udpPort", config.udpPort, 0, 65535));
    config.tcpPort = static_cast<int>(fields.integer("tcpPort", config.tcpPort, -1, 65535));
    config.bindAddress = fields.string("bindAddress", config.bindAddress);
    if (!isIpv4(config.bindAddress)) fields.fail("bindAddress", "must be an IPv4 address such as \"0.0.0.0\"");
    // Binding everywhere says nothing about what browsers reach: loopback stays
    // the safe default until the operator names the public address.
    const std::string candidateDefault = config.bindAddress == "0.0.0.0" ? "127.0.0.1" : config.bindAddress;
    config.candidateAddress = fields.string("candidateAddress", candidateDefault);
    if (!isIpv4(config.candidateAddress) || config.candidateAddress == "0.0.0.0")
        fields.fail("candidateAddress", "must be the IPv4 address browsers reach this server at, e.g. \"203.0.113.7\"");
    // Absent: the bound port. 0 is no port a browser can reach, so it is refused.
    if (fields.has("candidatePort"))
        config.candidatePort = static_cast<std::uint16_t>(fields.integer("candidatePort", 0, 1, 65535));
    config.maxSessions = static_cast<std::size_t>(fields.integer("maxSessions", 500, 1, 100000));
    config.maxSessionsPerAddress = static_cast<std::size_t>(fields.integer("maxSessionsPerAddress", 10, 1, 100000));
    config.connectTimeout = seconds(fields.number("connectTimeoutSeconds", 10, 1, 120));
    config.idleTimeout = seconds(fields.number("idleTimeoutSeconds", 30, 5, 600));
    config.maxKeyframeGroupPackets = static_cast<std::size_t>(fields.integer("maxKeyframeGroupPackets", 4000, 0, 100000));
    config.retransmissionHistoryPackets =
        static_cast<std::size_t>(fields.integer("retransmissionHistoryPackets", 1024, 16, 32768));
    config.catchUpRateMultiplier = fields.number("catchUpRateMultiplier", config.catchUpRateMultiplier, 1.5, 50);
    config.whipKeyframeInterval = seconds(fields.number("whipKeyframeIntervalSeconds", 2, 0, 60));
    config.whipSilenceTimeout = seconds(fields.number("whipSilenceTimeoutSeconds", 5, 1, 120));
    config.whipTranscodeBitrateKbps = static_cast<int>(fields.integer("whipTranscodeBitrateKbps", 2500, 200, 20000));
    return config;
}

}  // namespace sockstream::webrtc
