#pragma once

#include <filesystem>
#include <memory>

#include <Poco/Logger.h>

#include "config/ServerConfig.h"
#include "config/SettingsResolver.h"
#include "sockstream/data/Database.h"

namespace sockstream::core {

/// The database settings after SOCKSTREAM_DATABASE_URL: when set, it selects
/// PostgreSQL at that URL over the file. Throws ConfigError when PostgreSQL is
/// selected without a URL.
DatabaseConfig resolveDatabaseConfig(DatabaseConfig config, const EnvironmentLookup& env);

/// Opens the configured database: SQLite at <dataDir>/sockstream.db or PostgreSQL.
std::unique_ptr<Database> openDatabase(const DatabaseConfig& config, const std::filesystem::path& dataDir,
                                       Poco::Logger& logger);

}  // namespace sockstream::core
