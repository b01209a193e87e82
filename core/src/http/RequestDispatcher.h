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
    /// The same for a request just parsed, that no handler has seen yet: the
    /// dispatcher may complete it (route parameters) in place instead of copying it.
    virtual void dispatchFresh(std::shared_ptr<HttpRequest> request, HttpResponder responder) {
        dispatch(std::move(request), std::move(responder));
    }
};

}  // namespace sockstream::core
