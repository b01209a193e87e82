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

AnswerParameters baseAnswerParameters(const std::string& fingerprintSha256, const std::string& candidateAddress,
                                      std::uint16_t candidatePort) {
    AnswerParameters parameters;
    parameters.iceUfrag = iceToken(8);
    parameters.icePassword = iceToken(24);
    parameters.fingerprintSha256 = fingerprintSha256;
    parameters.candidateAddress = candidateAddress;
    parameters.candidatePort = candidatePort;
    parameters.sessionVersion = randomSsrc();
    return parameters;
}

HttpResponse trickleIceRefused() {
    auto response = HttpResponse::error(
        405, "trickle_ice_unsupported",
        "this server does not take trickle ICE or ICE restarts: it is ICE-lite with all its host candidates (UDP, and TCP) in "
        "the answer, so send the complete offer in the POST and, to reconnect, DELETE this session and POST again");
    response.setHeader("Allow", "DELETE");
    return response;
}

}  // namespace sockstream::webrtc
