#include "data/DatabaseFactory.h"

#include "data/DatabaseImpl.h"
#include "data/PostgresDatabase.h"

namespace sockstream::core {

DatabaseConfig resolveDatabaseConfig(DatabaseConfig config, const EnvironmentLookup& env) {
    if (auto url = env("SOCKSTREAM_DATABASE_URL"); url && !url->empty()) {
        config.driver = "postgresql";
        config.url = *url;
    }
    if (config.driver == "postgresql" && config.url.empty())
        throw ConfigError("database.url is required for driver \"postgresql\" (or set SOCKSTREAM_DATABASE_URL)");
    return config;
}

std::unique_ptr<Database> openDatabase(const DatabaseConfig& config, const std::filesystem::path& dataDir,
                                       Poco::Logger& logger) {
    if (config.driver == "postgresql") return std::make_unique<PostgresDatabase>(config.url, config.poolSize, logger);
    return std::make_unique<DatabaseImpl>((dataDir / "sockstream.db").string(), logger);
}

}  // namespace sockstream::core
