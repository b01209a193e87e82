#include "data/DatabaseImpl.h"

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

std::vector<std::string> splitSqlStatements(const std::string& sql) {
    std::vector<std::string> statements;
    std::string current;
    char quote = 0;
    for (char c : sql) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == ';') {
            if (auto statement = trim(current); !statement.empty()) statements.push_back(statement);
            current.clear();
            continue;
        }
        current += c;
    }
    if (auto statement = trim(current); !statement.empty()) statements.push_back(statement);
    return statements;
}

DatabaseImpl::DatabaseImpl(const std::string& file, Poco::Logger& logger) : _file(file), _logger(logger) {
    std::call_once(registerConnector, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    // Poco's SQLite connector retries a failing open for 60 s: refuse a hopeless path at once.
    std::filesystem::path directory = std::filesystem::absolute(file).parent_path();
    if (!std::filesystem::is_directory(directory) || ::access(directory.c_str(), W_OK | X_OK) != 0)
        throw std::runtime_error("cannot open database " + file + ": " + directory.string() +
                                 " is not a writable directory");
    try {
        _pool = std::make_unique<Poco::Data::SessionPool>("SQLite", file, 1, 32, 60);
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

Poco::Data::Session DatabaseImpl::session() {
    Poco::Data::Session session = _pool->get();
    // Per connection settings: a pooled session may be a fresh connection.
    session << "PRAGMA busy_timeout=5000", now;
    session << "PRAGMA foreign_keys=ON", now;
    return session;
}

int DatabaseImpl::appliedVersion(const std::string& component) {
    Poco::Data::Session session = this->session();
    int version = 0;
    std::string name = component;
    session << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?", use(name),
        into(version), now;
    return version;
}

void DatabaseImpl::migrate(const std::string& component, const std::vector<Migration>& migrations) {
    // Checked before anything runs: a badly numbered list must not half-apply.
    int previous = 0;
    for (const auto& migration : migrations) {
        if (migration.version <= previous)
            throw std::invalid_argument(component + ": migration versions must increase (" +
                                        std::to_string(migration.version) + " after " + std::to_string(previous) + ")");
        previous = migration.version;
    }
    int applied = appliedVersion(component);
    for (const auto& migration : migrations) {
        if (migration.version <= applied) continue;

        Poco::Data::Session session = this->session();
        try {
            session.begin();
            for (const auto& statement : splitSqlStatements(migration.sql)) session << statement, now;
            std::string name = component;
            int version = migration.version;
            std::string description = migration.description;
            std::int64_t appliedAt = nowMillis();
            session << "INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (?, ?, ?, ?)",
                use(name), use(version), use(description), use(appliedAt), now;
            session.commit();
        } catch (const Poco::Exception& error) {
            if (session.isTransaction()) session.rollback();
            throw std::runtime_error(component + " migration " + std::to_string(migration.version) + " (" +
                                     migration.description + ") failed: " + error.displayText());
        }
        _logger.information("database: applied %s migration %d (%s)", component, migration.version,
                            migration.description);
    }
}

}  // namespace sockstream::core
