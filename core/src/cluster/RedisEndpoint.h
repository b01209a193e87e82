#pragma once

#include <optional>
#include <string>

namespace sockstream::core {

/// Where the cluster's Redis is, from a URL: redis://[[user]:password@]host[:port][/db].
struct RedisEndpoint {
    std::string host;
    int port = 6379;
    std::string user;      ///< Redis 6 ACL user; empty: the default user
    std::string password;  ///< empty: no AUTH
    int database = 0;

    /// The endpoint, or nullopt with `error` saying what is wrong in words.
    static std::optional<RedisEndpoint> parse(const std::string& url, std::string& error);
    /// host:port/db, never the password (for logs).
    std::string describe() const;
};

}  // namespace sockstream::core
