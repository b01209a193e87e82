#pragma once

#include <memory>
#include <string>

#include <Poco/Data/SessionPool.h>
#include <Poco/Logger.h>

#include "sockstream/data/Database.h"

namespace sockstream::core {

/// A PostgreSQL server shared by every SockStream server of a deployment.
/// Statements are written with `?` as for SQLite (see toPostgresPlaceholders).
/// Migrations use the same schema_migrations table as SQLite; servers starting
/// together take turns through an advisory lock, so each migration runs once.
class PostgresDatabase : public Database {
public:
    /// Connects at once; throws naming the server (never the password) and the reason.
    PostgresDatabase(const std::string& url, int poolSize, Poco::Logger& logger);
    ~PostgresDatabase() override;

    Poco::Data::Session session() override;
    void migrate(const std::string& component, const std::vector<Migration>& migrations) override;
    std::string dialect() const override { return "postgresql"; }

    int appliedVersion(const std::string& component);

private:
    std::string _description;
    Poco::Logger& _logger;
    std::unique_ptr<Poco::Data::SessionPool> _pool;
};

}  // namespace sockstream::core
