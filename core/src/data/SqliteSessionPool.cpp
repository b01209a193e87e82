#include "data/SqliteSessionPool.h"

using namespace Poco::Data::Keywords;

namespace sockstream::core {

SqliteSessionPool::SqliteSessionPool(const std::string& file, int minSessions, int maxSessions, int idleSeconds)
    : Poco::Data::SessionPool("SQLite", file, minSessions, maxSessions, idleSeconds) {}

void SqliteSessionPool::customizeSession(Poco::Data::Session& session) {
    session << "PRAGMA busy_timeout=5000", now;
    session << "PRAGMA foreign_keys=ON", now;
}

}  // namespace sockstream::core
