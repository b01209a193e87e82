#pragma once

#include <string>
#include <string_view>

namespace sockstream::lib::ratelimit {

/// The key a client address counts under in a rate limit. An IPv6 client
/// usually owns a whole /64, so it counts per /64 ("2001:db8:1:2::/64"), not
/// per address; an IPv4-mapped IPv6 address counts as its IPv4 address; a
/// bracketed ("[::1]") or scoped ("fe80::1%eth0") form as the address itself.
/// Anything unparsable is its own key, unchanged.
std::string addressKey(std::string_view address);

}  // namespace sockstream::lib::ratelimit
