#pragma once

#include <string>

#include <boost/asio/ip/address.hpp>

namespace sockstream::core {

/// The key a per-address limit counts under: an IPv4 address (also when it
/// arrives IPv4-mapped on a dual-stack socket) as it is, an IPv6 address by its
/// /64 prefix, because one subscriber is usually handed a whole /64 and could
/// otherwise open each connection from a fresh address.
std::string addressGroup(const boost::asio::ip::address& address);

}  // namespace sockstream::core
