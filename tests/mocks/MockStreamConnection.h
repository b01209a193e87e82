#pragma once

#include <gmock/gmock.h>

#include "sockstream/net/StreamConnection.h"

namespace sockstream::mocks {

class MockStreamConnection : public StreamConnection {
public:
    MOCK_METHOD(void, send, (std::string bytes), (override));
    MOCK_METHOD(void, close, (), (override));
    MOCK_METHOD(std::size_t, queuedBytes, (), (const, override));
    MOCK_METHOD(const std::string&, remoteAddress, (), (const, override));
    MOCK_METHOD(bool, isTls, (), (const, override));
    MOCK_METHOD(void, markEstablished, (), (override));
};

}  // namespace sockstream::mocks
