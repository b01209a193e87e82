#include <algorithm>
#include <iterator>
#include <vector>

#include <boost/asio/post.hpp>

#include "net/WebSocketFrameHeader.h"
#include "net/WebSocketSession.h"
#include "sockstream/http/WebSocket.h"

namespace sockstream {

namespace {

/// The connections of one I/O thread that get the payload.
struct ThreadBatch {
    const void* loop;
    std::vector<std::shared_ptr<core::WebSocketSession>> sessions;
};

/// Every message as a whole text frame, back to back: the bytes each member sends.
std::shared_ptr<const std::string> framed(const std::vector<std::shared_ptr<const std::string>>& messages,
                                          std::size_t payloadBytes) {
    auto frames = std::make_shared<std::string>();
    frames->reserve(payloadBytes + messages.size() * sizeof(core::WebSocketFrameHeader::bytes));
    for (const auto& message : messages) {
        const auto header = core::WebSocketFrameHeader::make(core::WebSocketFrameHeader::textOpcode, message->size());
        frames->append(reinterpret_cast<const char*>(header.bytes.data()), header.size);
        frames->append(*message);
    }
    return frames;
}

}  // namespace

void sendTextToAll(const std::vector<std::shared_ptr<WebSocketConnection>>& connections,
                   const std::shared_ptr<const std::string>& message) {
    if (!message) return;
    sendTextToAll(connections, std::vector<std::shared_ptr<const std::string>>{message});
}

void sendTextToAll(const std::vector<std::shared_ptr<WebSocketConnection>>& connections,
                   const std::vector<std::shared_ptr<const std::string>>& messages) {
    std::vector<std::shared_ptr<const std::string>> present;
    present.reserve(messages.size());
    std::size_t payloadBytes = 0;
    for (const auto& message : messages)
        if (message) {
            present.push_back(message);
            payloadBytes += message->size();
        }
    if (present.empty()) return;
    // One batch per I/O thread: a handful, so a linear search finds each.
    std::vector<ThreadBatch> batches;
    for (const auto& connection : connections) {
        if (!connection) continue;
        auto* session = dynamic_cast<core::WebSocketSession*>(connection.get());
        if (!session) {
            for (const auto& message : present) connection->sendText(message);
            continue;
        }
        // All or nothing: a connection never gets the later messages without the earlier ones.
        if (!session->admit(payloadBytes)) continue;
        const void* loop = session->loop();
        auto batch = std::find_if(batches.begin(), batches.end(),
                                  [&](const ThreadBatch& candidate) { return candidate.loop == loop; });
        if (batch == batches.end()) {
            batches.push_back(ThreadBatch{loop, {}});
            batches.back().sessions.reserve(connections.size());
            batch = std::prev(batches.end());
        }
        batch->sessions.push_back(session->shared_from_this());
    }
    if (batches.empty()) return;
    // Framed once for everyone: each connection then sends one buffer.
    const auto frames = framed(present, payloadBytes);
    for (auto& batch : batches) {
        auto executor = batch.sessions.front()->executor();
        boost::asio::post(executor, [sessions = std::move(batch.sessions), frames, payloadBytes] {
            for (const auto& session : sessions) session->pushAdmittedFrame(frames, payloadBytes);
        });
    }
}

}  // namespace sockstream
