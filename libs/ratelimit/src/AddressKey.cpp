#include "sockstream-ratelimit/AddressKey.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace sockstream::lib::ratelimit {

std::string addressKey(std::string_view address) {
    std::string text(address);
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    // Scoped link-local addresses ("fe80::1%eth0") carry a zone inet_pton rejects.
    if (const auto percent = text.find('%'); percent != std::string::npos) text.resize(percent);
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return std::string(address);

    static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    char buffer[INET6_ADDRSTRLEN] = {};
    if (std::memcmp(bytes.data(), kMappedPrefix, sizeof kMappedPrefix) == 0) {
        inet_ntop(AF_INET, bytes.data() + 12, buffer, sizeof buffer);
        return buffer;
    }
    std::memset(bytes.data() + 8, 0, 8);
    inet_ntop(AF_INET6, bytes.data(), buffer, sizeof buffer);
    return std::string(buffer) + "/64";
}

}  // namespace sockstream::lib::ratelimit
