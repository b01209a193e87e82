#pragma once

#include <stdexcept>
#include <string>

namespace sockstream::rtmp {

/// Malformed or out-of-limits input: the connection it came from is closed.
class RtmpError : public std::runtime_error {
public:
    explicit RtmpError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace sockstream::rtmp
