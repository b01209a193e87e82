#include "data/PostgresDatabase.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <Poco/Data/SessionPool.h>

#include "data/MigrationRunner.h"
#include "data/PortablePostgresConnector.h"
#include "data/PostgresConnectionString.h"
#include "util/Text.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {

namespace {

/// pg_advisory_xact_lock key held while the schema changes ("SockStrm" in ASCII).
constexpr const char* kLockSchema = "SELECT pg_advisory_xact_lock(6012133340175692397)";
constexpr int kIdleSeconds = 60;
constexpr auto kPoolWait = std::chrono::seconds(10);

}  // namespace

PostgresDatabase::PostgresDatabase(const std::string& url, int poolSize, Poco::Logger& logger) : _logger(logger) {
    std::string connection;
    try {
        _description = describePostgresConnection(url);
        connection = toPocoPostgresConnectionString(url);
    } catch (const std::invalid_argument& error) {
        throw std::runtime_error(std::string("cannot open the PostgreSQL database: ") + error.what());
    }
    PortablePostgresConnector::registerOnce();
    try {
        _pool = std::make_unique<Poco::Data::SessionPool>(PortablePostgresConnector::kName, connection, 1, poolSize,
                                                           kIdleSeconds);
        Poco::Data::Session session = this->session();
        session.begin();
        session << kLockSchema, now;
        session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL,"
                   " applied_at BIGINT NOT NULL, PRIMARY KEY (component, version))",
            now;
        session.commit();
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("cannot open the PostgreSQL database " + _description + ": " + error.displayText());
    }
    _logger.information("database: PostgreSQL %s, up to %d connections", _description, poolSize);
}

PostgresDatabase::~PostgresDatabase() = default;

Poco::Data::Session PostgresDatabase::session() {
    // Poco's pool throws rather than waits when every connection is out; a burst waits its turn instead.
    auto deadline = std::chrono::steady_clock::now() + kPoolWait;
    for (;;) {
        try {
            return _pool->get();
        } catch (const Poco::Data::SessionPoolExhaustedException&) {
            if (std::chrono::steady_clock::now() >= deadline) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
}

int PostgresDatabase::appliedVersion(const std::string& component) {
    Poco::Data::Session session = this->session();
    return appliedMigrationVersion(session, component);
}

void PostgresDatabase::migrate(const std::string& component, const std::vector<Migration>& migrations) {
    runMigrations(component, migrations, [this] { return session(); },
                  [](Poco::Data::Session& session) { session << kLockSchema, now; }, _logger);
}

}  // namespace sockstream::core
