#pragma once

// Small, structurally valid FLV tag bodies for the tests.
#include <string>

namespace sockstream::rtmp::test {

inline std::string raw(std::initializer_list<int> list) {
    std::string out;
    for (int b : list) out.push_back(static_cast<char>(b));
    return out;
}

inline std::string avcC() {
    return raw({0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1f, 0x01, 0x00, 0x02, 0x68, 0xee});
}
inline std::string hvcC() {
    std::string record(23, '\0');
    record[0] = 1;
    record[21] = 0x0F;  // lengthSizeMinusOne = 3
    return record;
}
inline std::string av1C() { return raw({0x81, 0x08, 0x0c, 0x00}); }
inline std::string nalus() { return raw({0, 0, 0, 2, 0x65, 0x88, 0, 0, 0, 1, 0x06}); }

/// Classic FLV AVC tag: frame type, packet type, composition time, body.
inline std::string avcTag(bool key, int packetType, int cts, const std::string& body) {
    return raw({(key ? 0x10 : 0x20) | 7, packetType, (cts >> 16) & 0xFF, (cts >> 8) & 0xFF, cts & 0xFF}) + body;
}
/// Enhanced RTMP tag: IsExHeader | frame type | packet type, FourCC, body.
inline std::string exTag(bool key, int packetType, const std::string& fourCc, const std::string& body) {
    return raw({0x80 | (key ? 0x10 : 0x20) | packetType}) + fourCc + body;
}
inline std::string aacConfigTag() { return raw({0xAF, 0x00, 0x12, 0x10}); }  // AAC-LC 44.1 kHz stereo
inline std::string aacFrameTag() { return raw({0xAF, 0x01, 0x21, 0x10, 0x04}); }

}  // namespace sockstream::rtmp::test
