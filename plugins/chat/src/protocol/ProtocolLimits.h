#pragma once

#include <cstddef>

namespace sockstream::chat {

/// Bounds on what a peer may send; anything beyond is a ProtocolError.
struct ProtocolLimits {
    std::size_t maxPayloadBytes = 1'000'000;  ///< Engine.IO maxPayload: one packet or one polling body
    std::size_t maxPacketsPerPayload = 256;   ///< packets in one long-polling POST
    std::size_t maxAttachments = 10;          ///< binary attachments of one Socket.IO packet
    std::size_t maxAttachmentBytes = 1'000'000;  ///< all attachments of one Socket.IO packet together
    std::size_t maxNamespaceBytes = 128;
    std::size_t maxJsonDepth = 32;
};

}  // namespace sockstream::chat
