#pragma once

#include <gmock/gmock.h>

#include "sockstream/data/Database.h"

namespace sockstream::mocks {

/// For checking which migrations a plugin applies; tests that run SQL are
/// better served by a real SQLite file (see tests/unit/support/CoreHarness).
class MockDatabase : public Database {
public:
    MOCK_METHOD(Poco::Data::Session, session, (), (override));
    MOCK_METHOD(void, migrate, (const std::string& component, const std::vector<Migration>& migrations), (override));
    MOCK_METHOD(std::string, dialect, (), (const, override));
};

}  // namespace sockstream::mocks
