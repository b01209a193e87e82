#pragma once

#include <gmock/gmock.h>

#include "sockstream/http/HttpRouter.h"

namespace sockstream::mocks {

class MockHttpRouter : public HttpRouter {
public:
    MOCK_METHOD(void, add, (const std::string& method, const std::string& pattern, HttpHandler handler,
                            Dispatch dispatch), (override));
    MOCK_METHOD(void, addAsync, (const std::string& method, const std::string& pattern, AsyncHttpHandler handler),
                (override));
    MOCK_METHOD(void, addGuarded, (RouteGuard guard, const std::string& method, const std::string& pattern,
                                   HttpHandler handler, Dispatch dispatch), (override));
    MOCK_METHOD(bool, crossSite, (const HttpRequest& request), (const, override));
};

}  // namespace sockstream::mocks
