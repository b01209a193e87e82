#include "data/DatabaseImpl.h"
#include "data/MigrationRunner.h"
#include "data/SqliteSessionPool.h"

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include <Poco/Data/SQLite/Connector.h>

#include "util/Text.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {

namespace {
std::once_flag registerConnector;
}

DatabaseImpl::DatabaseImpl(const std::string& file, Poco::Logger& logger) : _file(file), _logger(logger) {
    std::call_once(registerConnector, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    // Poco's SQLite connector retries a failing open for 60 s: refuse a hopeless path at once.
    std::filesystem::path directory = std::filesystem::absolute(file).parent_path();
    if (!std::filesystem::is_directory(directory) || ::access(directory.c_str(), W_OK | X_OK) != 0)
        throw std::runtime_error("cannot open database " + file + ": " + directory.string() +
                                 " is not a writable directory");
    try {
        _pool = std::make_unique<SqliteSessionPool>(file, 1, 32, 60);
        Poco::Data::Session session = this->session();
        std::string mode;
        session << "PRAGMA journal_mode=WAL", into(mode), now;
        session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL,"
                   " applied_at BIGINT NOT NULL, PRIMARY KEY (component, version))",
            now;
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("cannot open database " + file + ": " + error.displayText());
    }
}

DatabaseImpl::~DatabaseImpl() = default;

Poco::Data::Session DatabaseImpl::session() { return _pool->get(); }

int DatabaseImpl::appliedVersion(const std::string& component) {
    Poco::Data::Session session = this->session();
    return appliedMigrationVersion(session, component);
}

void DatabaseImpl::migrate(const std::string& component, const std::vector<Migration>& migrations) {
    // SQLite has one writer at a time: its transactions need no extra lock.
    runMigrations(component, migrations, [this] { return session(); }, [](Poco::Data::Session&) {}, _logger);
}

}  // namespace sockstream::core
