#pragma once

#include <memory>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"

namespace sockstream::core {

/// What the HTTP server hands every well-formed request to (the router).
/// Called on an I/O thread; must not block.
class RequestDispatcher {
public:
    virtual ~RequestDispatcher() = default;
    virtual void dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) = 0;
};

}  // namespace sockstream::core
