#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <Poco/Logger.h>
#include <boost/asio/ip/address.hpp>

#include "connections/AddressRanges.h"
#include "sockstream/metrics/Metrics.h"

namespace sockstream::core {

struct PerAddressPolicy {
    std::size_t maxPerAddress = 0;  ///< 0: no cap
    AddressRanges exempt;           ///< never counted (reverse proxies, load balancers)
    std::string settingName;        ///< the config key an operator changes, named in the log line
    /// An address that keeps hitting its cap is logged again after this long at the earliest.
    std::chrono::seconds reportInterval{600};
};

/// Caps the connections one client may hold open on one server or listener,
/// so one address (an IPv6 /64: see addressGroup) cannot use up the capacity
/// that every other client shares. Thread-safe: connections are admitted on
/// the accepting strand and released on their own threads.
class PerAddressLimiter : public std::enable_shared_from_this<PerAddressLimiter> {
public:
    /// One admitted connection's place; gives it back when destroyed.
    class Slot {
    public:
        Slot() = default;
        Slot(Slot&& other) noexcept;
        Slot& operator=(Slot&& other) noexcept;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot() { release(); }
        explicit operator bool() const { return _admitted; }
        void release();

    private:
        friend class PerAddressLimiter;
        std::shared_ptr<PerAddressLimiter> _limiter;  ///< null for exempt addresses
        std::string _key;
        bool _admitted = false;
    };

    /// `kind` labels the metrics and log lines ("http", "rtmp").
    PerAddressLimiter(std::string kind, PerAddressPolicy policy, Metrics& metrics, Poco::Logger& logger);

    /// An empty Slot when the address already holds its cap. The first refusal
    /// of an address writes one log line; further refusals are only counted,
    /// until reportInterval has passed.
    Slot tryAcquire(const boost::asio::ip::address& address);
    std::size_t countFor(const boost::asio::ip::address& address) const;
    /// Addresses (groups) with at least one counted connection.
    std::size_t addresses() const;

private:
    using Clock = std::chrono::steady_clock;
    /// Under the lock: true when `key` was not reported within reportInterval.
    bool shouldReport(const std::string& key);
    void release(const std::string& key);

    const std::string _kind;
    const PerAddressPolicy _policy;
    Counter& _refused;
    Counter& _capReached;
    Gauge& _addresses;
    Poco::Logger& _logger;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, std::size_t> _open;          ///< counted connections by address group
    std::unordered_map<std::string, Clock::time_point> _reported;  ///< when each address was last logged
};

}  // namespace sockstream::core
