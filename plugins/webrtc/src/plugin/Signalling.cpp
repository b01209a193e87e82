#include "Signalling.h"

#include <algorithm>
#include <cctype>

#include "RandomRtp.h"
#include "WhepProtocol.h"
#include "sockstream/util/Random.h"

namespace sockstream::webrtc {

std::string iceToken(std::size_t length) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const std::string bytes = secureRandomBytes(length);
    std::string token;
    for (const char byte : bytes) token.push_back(kAlphabet[static_cast<unsigned char>(byte) % 62]);
    return token;
}

std::uint32_t randomSsrc() {
    const std::uint32_t value = randomRtp32();
    return value == 0 ? 1 : value;
}

bool isSdpRequest(const HttpRequest& request) {
    auto type = request.header("Content-Type").value_or("");
    type = type.substr(0, type.find(';'));
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    type.erase(0, type.find_first_not_of(" \t"));
    type.erase(type.find_last_not_of(" \t") + 1);
    return type == kSdpMimeType;
}

}  // namespace sockstream::webrtc
