#pragma once

#include <gmock/gmock.h>

#include "MockStreamConnection.h"
#include "sockstream/net/ListenerRegistry.h"

namespace sockstream::mocks {

class MockListenerRegistry : public ListenerRegistry {
public:
    MOCK_METHOD(void, add, (const ListenerSpec& spec, StreamHandlerFactory factory), (override));
    MOCK_METHOD(int, boundPort, (const std::string& name), (const, override));
};

}  // namespace sockstream::mocks
