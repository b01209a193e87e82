#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sockstream/http/HttpResponse.h"

namespace sockstream::core {

/// What of the request decides how an answer goes on the wire.
struct RequestFacts {
    bool head = false;
    bool keepAlive = true;
    std::optional<std::string_view> ifNoneMatch;
    std::optional<std::string_view> range;
    std::optional<std::string_view> ifRange;
};

/// A response ready for the socket: status line and headers in one string,
/// the body a view into the HttpResponse (which must outlive the write, so a
/// shared body goes out without a copy); for sealed bytes also the memory
/// file and offset the view starts at, for sendfile. Applies If-None-Match (304), single
/// byte ranges (206/416) and HEAD, and sets Content-Length, Date, Server and
/// Connection itself.
class WireResponse {
public:
    static WireResponse build(const HttpResponse& response, const RequestFacts& facts);

    int status = 200;
    bool keepAlive = true;
    std::string head;
    std::string_view body;
    /// The sealed file holding `body`, or -1 when it must be written from memory.
    int bodyFile = -1;
    std::uint64_t bodyFileOffset = 0;
};

}  // namespace sockstream::core
