#include "data/MigrationRunner.h"

#include <stdexcept>

#include "util/Text.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {

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

int appliedMigrationVersion(Poco::Data::Session& session, const std::string& component) {
    std::string name = component;
    int version = 0;
    session << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?", use(name),
        into(version), now;
    return version;
}

void runMigrations(const std::string& component, const std::vector<Migration>& migrations,
                   const std::function<Poco::Data::Session()>& openSession,
                   const std::function<void(Poco::Data::Session&)>& lockSchema, Poco::Logger& logger) {
    int previous = 0;
    for (const auto& migration : migrations) {
        if (migration.version <= previous)
            throw std::invalid_argument(component + ": migration versions must increase (" +
                                        std::to_string(migration.version) + " after " + std::to_string(previous) + ")");
        previous = migration.version;
    }
    for (const auto& migration : migrations) {
        Poco::Data::Session session = openSession();
        try {
            session.begin();
            lockSchema(session);
            // Read inside the transaction: another server may have applied it meanwhile.
            if (migration.version <= appliedMigrationVersion(session, component)) {
                session.commit();
                continue;
            }
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
        logger.information("database: applied %s migration %d (%s)", component, migration.version,
                           migration.description);
    }
}

}  // namespace sockstream::core
