#pragma once

#include <gmock/gmock.h>

#include "sockstream/health/Health.h"

namespace sockstream::mocks {

class MockHealth : public Health {
public:
    MOCK_METHOD(void, pass, (const std::string& check), (override));
    MOCK_METHOD(void, fail, (const std::string& check, const std::string& reason), (override));
};

}  // namespace sockstream::mocks
