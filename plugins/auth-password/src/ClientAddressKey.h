#pragma once

#include <string>
#include <string_view>

namespace sockstream::authpassword {

/// The rate-limit key of a client address. An IPv6 client usually owns a
/// whole /64, so it is counted per /64, not per address; IPv4-mapped IPv6
/// addresses count as their IPv4 address. Anything unparsable is its own key.
class ClientAddressKey {
public:
    static std::string of(std::string_view address);
};

}  // namespace sockstream::authpassword
