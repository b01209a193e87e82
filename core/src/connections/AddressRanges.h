#pragma once

#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace sockstream::core {

/// A list of addresses and CIDR networks ("10.0.0.0/8", "::1", "fd00::/8"),
/// e.g. the reverse proxies that per-address limits must not count as one client.
class AddressRanges {
public:
    AddressRanges() = default;
    /// Throws std::invalid_argument naming the entry that is not an address or network.
    explicit AddressRanges(const std::vector<std::string>& entries);
    /// IPv4-mapped IPv6 addresses match IPv4 entries.
    bool contains(const boost::asio::ip::address& address) const;
    bool empty() const { return _v4.empty() && _v6.empty(); }

private:
    std::vector<boost::asio::ip::network_v4> _v4;
    std::vector<boost::asio::ip::network_v6> _v6;
};

}  // namespace sockstream::core
