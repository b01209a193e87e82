#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <Poco/JSON/Object.h>

#include "sockstream/plugin/Settings.h"

namespace sockstream::srt {

/// The plugin's "config" object, checked at start-up (errors are fatal, unknown keys too).
struct SrtConfig {
    std::string host = "0.0.0.0";
    int port = 9000;
    /// What hosts are told to give their encoder when it is not
    /// srt://<server.publicUrl host>:<port> (a NAT or UDP proxy in between).
    std::string publicUrl;
    /// SRT receive latency: how long lost packets may be retransmitted before
    /// they are given up (the larger of this and the encoder's wins).
    int latencyMs = 200;
    /// Empty: no encryption. Otherwise 10-79 characters; encoders must send the same.
    std::string passphrase;
    int keyLengthBytes = 16;  ///< AES-128 (16), -192 (24) or -256 (32)
    std::size_t maxConnections = 100;
    std::size_t maxConnectionsPerAddress = 4;
    /// A publisher that sends nothing for this long is disconnected (its broadcast
    /// is interrupted, so it may resume within the core's grace window).
    std::chrono::milliseconds silenceTimeout{5'000};
    /// How much of the stream libavformat reads to learn its tracks before the broadcast opens.
    std::chrono::milliseconds analyzeDuration{1'000};
    /// Media held while waiting for the codec configuration (H.264 SPS/PPS and a keyframe, AAC header).
    std::size_t maxPendingPackets = 1000;

    static SrtConfig parse(const Poco::JSON::Object& config, const Settings& settings);
};

}  // namespace sockstream::srt
