#pragma once

#include <functional>
#include <string>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream {

/// Where a synchronous handler runs.
enum class Dispatch {
    Worker,  ///< on the core's worker pool: may block (database, password hashing)
    Inline,  ///< on the I/O thread: must be quick and never block (serving from memory)
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
using AsyncHttpHandler = std::function<void(const HttpRequest&, HttpResponder)>;

/// Method + path routing. Patterns are literal segments, "{name}" parameters
/// (one segment) and a final "{name...}" that takes the rest of the path:
///   "/api/rooms/{roomId}", "/hls/{roomId}/{file...}".
/// A path that matches a pattern under another method answers 405 with Allow.
/// Handlers may throw HttpError; other exceptions become 500 and are logged.
class HttpRouter {
public:
    virtual ~HttpRouter() = default;

    virtual void add(const std::string& method, const std::string& pattern, HttpHandler handler,
                     Dispatch dispatch = Dispatch::Worker) = 0;
    /// The handler runs on the I/O thread and answers through the responder whenever it likes.
    virtual void addAsync(const std::string& method, const std::string& pattern,
                          AsyncHttpHandler handler) = 0;

    void get(const std::string& pattern, HttpHandler handler, Dispatch dispatch = Dispatch::Worker) {
        add("GET", pattern, std::move(handler), dispatch);
    }
    void post(const std::string& pattern, HttpHandler handler, Dispatch dispatch = Dispatch::Worker) {
        add("POST", pattern, std::move(handler), dispatch);
    }
};

}  // namespace sockstream
