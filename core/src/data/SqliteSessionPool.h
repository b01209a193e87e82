#pragma once

#include <string>

#include <Poco/Data/SessionPool.h>

namespace sockstream::core {

/// Poco's session pool for SQLite, with the settings SQLite keeps per
/// connection (waiting on a busy writer, enforcing foreign keys) applied once,
/// when a connection opens, instead of on every checkout: a checkout is every
/// HTTP request that touches the database and every chat commit.
class SqliteSessionPool : public Poco::Data::SessionPool {
public:
    SqliteSessionPool(const std::string& file, int minSessions, int maxSessions, int idleSeconds);

protected:
    void customizeSession(Poco::Data::Session& session) override;
};

}  // namespace sockstream::core
