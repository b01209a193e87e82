#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

/// The offer Chromium 156 made for a recvonly video + audio WHEP session
/// (fixtures/README.md says how it was generated).
inline std::string chromiumOffer() {
    std::ifstream in(std::string(WEBRTC_FIXTURES_DIR) + "/chromium-156-whep-offer.sdp", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A minimal offer in the same shape, for the malformed cases to edit.
inline std::string minimalOffer() {
    return "v=0\r\n"
           "o=- 1 2 IN IP4 127.0.0.1\r\n"
           "s=-\r\n"
           "t=0 0\r\n"
           "a=group:BUNDLE 0 1\r\n"
           "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99\r\n"
           "a=setup:actpass\r\n"
           "m=video 9 UDP/TLS/RTP/SAVPF 102 108\r\n"
           "c=IN IP4 0.0.0.0\r\n"
           "a=mid:0\r\n"
           "a=ice-ufrag:abcd\r\n"
           "a=ice-pwd:0123456789abcdefghijkl\r\n"
           "a=recvonly\r\n"
           "a=rtcp-mux\r\n"
           "a=rtpmap:102 H264/90000\r\n"
           "a=fmtp:102 packetization-mode=1;profile-level-id=42001f\r\n"
           "a=rtpmap:108 H264/90000\r\n"
           "a=rtcp-fb:108 nack\r\n"
           "a=rtcp-fb:108 goog-remb\r\n"
           "a=fmtp:108 packetization-mode=1;profile-level-id=42e01f\r\n"
           "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
           "c=IN IP4 0.0.0.0\r\n"
           "a=mid:1\r\n"
           "a=ice-ufrag:abcd\r\n"
           "a=ice-pwd:0123456789abcdefghijkl\r\n"
           "a=recvonly\r\n"
           "a=rtcp-mux\r\n"
           "a=rtpmap:111 opus/48000/2\r\n";
}

/// `text` with the first `from` replaced by `to`; a missing `from` fails the test.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}
