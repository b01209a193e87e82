#pragma once

#include <stdexcept>
#include <string>

namespace sockstream::chat {

/// Input that breaks the Engine.IO or Socket.IO grammar or one of our limits.
/// The session that sent it is closed; the server goes on.
class ProtocolError : public std::runtime_error {
public:
    explicit ProtocolError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace sockstream::chat
