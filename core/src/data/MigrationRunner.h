#pragma once

#include <functional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include "sockstream/data/Database.h"

namespace sockstream::core {

/// Splits a migration's SQL into statements at top-level semicolons.
std::vector<std::string> splitSqlStatements(const std::string& sql);

/// The highest migration version recorded for `component` (0 when none).
int appliedMigrationVersion(Poco::Data::Session& session, const std::string& component);

/// Applies a component's migrations that are not recorded in schema_migrations
/// yet, each in its own transaction, the same way on every driver. The whole
/// list's numbering is checked before anything runs, so a bad list never
/// half-applies. `lockSchema` runs first in each transaction: PostgreSQL takes an
/// advisory lock there so servers starting together apply each migration once.
void runMigrations(const std::string& component, const std::vector<Migration>& migrations,
                   const std::function<Poco::Data::Session()>& openSession,
                   const std::function<void(Poco::Data::Session&)>& lockSchema, Poco::Logger& logger);

}  // namespace sockstream::core
