#pragma once

#include <memory>
#include <string>

#include <Poco/Data/SessionPool.h>
#include <Poco/Logger.h>

#include "data/MigrationRunner.h"
#include "sockstream/data/Database.h"

namespace sockstream::core {

/// SQLite in WAL mode behind a session pool. Each component's migrations are
/// versioned in schema_migrations and applied in order, one transaction each.
class DatabaseImpl : public Database {
public:
    /// Opens (creating when needed) the database file; throws naming the file.
    DatabaseImpl(const std::string& file, Poco::Logger& logger);
    ~DatabaseImpl() override;

    Poco::Data::Session session() override;
    void migrate(const std::string& component, const std::vector<Migration>& migrations) override;
    std::string dialect() const override { return "sqlite"; }

    int appliedVersion(const std::string& component);

private:
    std::string _file;
    Poco::Logger& _logger;
    std::unique_ptr<Poco::Data::SessionPool> _pool;
};


}  // namespace sockstream::core
