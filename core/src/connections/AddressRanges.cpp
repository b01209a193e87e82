#include "connections/AddressRanges.h"

#include <stdexcept>

namespace sockstream::core {

namespace ip = boost::asio::ip;

AddressRanges::AddressRanges(const std::vector<std::string>& entries) {
    for (const auto& entry : entries) {
        boost::system::error_code error;
        const bool isNetwork = entry.find('/') != std::string::npos;
        if (entry.find(':') == std::string::npos) {
            auto network = isNetwork ? ip::make_network_v4(entry, error)
                                     : ip::network_v4(ip::make_address_v4(entry, error), 32);
            if (!error) {
                _v4.push_back(network.canonical());
                continue;
            }
        } else {
            auto network = isNetwork ? ip::make_network_v6(entry, error)
                                     : ip::network_v6(ip::make_address_v6(entry, error), 128);
            if (!error) {
                _v6.push_back(network.canonical());
                continue;
            }
        }
        throw std::invalid_argument("'" + entry + "' is not an IP address or network (such as 10.0.0.0/8 or fd00::/8)");
    }
}

bool AddressRanges::contains(const ip::address& address) const {
    ip::address_v4 v4;
    bool isV4 = address.is_v4();
    if (isV4) {
        v4 = address.to_v4();
    } else if (address.to_v6().is_v4_mapped()) {
        v4 = ip::make_address_v4(ip::v4_mapped, address.to_v6());
        isV4 = true;
    }
    if (isV4) {
        for (const auto& network : _v4)
            if (ip::network_v4(v4, network.prefix_length()).canonical() == network) return true;
        return false;
    }
    const auto v6 = address.to_v6();
    for (const auto& network : _v6)
        if (ip::network_v6(v6, network.prefix_length()).canonical() == network) return true;
    return false;
}

}  // namespace sockstream::core
