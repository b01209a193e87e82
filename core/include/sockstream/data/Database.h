#pragma once

#include <string>
#include <vector>

#include <Poco/Data/Session.h>

namespace sockstream {

/// One step of a component's schema. Versions start at 1 and only grow;
/// an applied migration is never edited, a new one is added instead.
struct Migration {
    int version = 0;
    std::string description;
    std::string sql;  ///< one or more statements separated by ';'
};

/// The server's database: SQLite (WAL) in the data dir by default, or PostgreSQL.
/// Write statements with `?` placeholders on every driver; for PostgreSQL the
/// core rewrites them to $1..$n.
class Database {
public:
    virtual ~Database() = default;
    /// A pooled session; return it by letting it go out of scope.
    virtual Poco::Data::Session session() = 0;
    /// Applies the component's pending migrations in one transaction each.
    /// Throws with the component, version and database error on failure.
    virtual void migrate(const std::string& component, const std::vector<Migration>& migrations) = 0;
    /// "sqlite" or "postgresql", for the rare statement that differs (never placeholders).
    virtual std::string dialect() const = 0;
};

}  // namespace sockstream
