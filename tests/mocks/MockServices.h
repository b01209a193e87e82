#pragma once

#include <gmock/gmock.h>

#include "sockstream/plugin/Services.h"

namespace sockstream::mocks {

/// find<T>() and provide<T>() are templates over these; expect on T::kServiceName.
class MockServices : public Services {
public:
    MOCK_METHOD(void, provideService, (std::string_view name, std::shared_ptr<void> service), (override));
    MOCK_METHOD(std::shared_ptr<void>, findService, (std::string_view name), (override));
};

}  // namespace sockstream::mocks
