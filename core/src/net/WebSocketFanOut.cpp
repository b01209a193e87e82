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
    core::WebSocketSession::Socket::executor_type executor;
    std::vector<std::shared_ptr<core::WebSocketSession>> sessions;
};

}  // namespace

void sendTextToAll(const std::vector<std::shared_ptr<WebSocketConnection>>& connections,
                   const std::shared_ptr<const std::string>& message) {
    if (!message) return;
    // One batch per I/O thread: a handful, so a linear search finds each.
    std::vector<ThreadBatch> batches;
    for (const auto& connection : connections) {
        if (!connection) continue;
        auto session = std::dynamic_pointer_cast<core::WebSocketSession>(connection);
        if (!session) {
            connection->sendText(message);
            continue;
        }
        if (!session->admit(message->size())) continue;
        auto executor = session->executor();
        auto batch = std::find_if(batches.begin(), batches.end(),
                                  [&](const ThreadBatch& candidate) { return candidate.executor == executor; });
        if (batch == batches.end()) {
            batches.push_back(ThreadBatch{std::move(executor), {}});
            batches.back().sessions.reserve(connections.size());
            batch = std::prev(batches.end());
        }
        batch->sessions.push_back(std::move(session));
    }
    if (batches.empty()) return;
    // Framed once for everyone: each connection then sends one buffer.
    const auto header = core::WebSocketFrameHeader::make(core::WebSocketFrameHeader::textOpcode, message->size());
    auto frame = std::make_shared<std::string>();
    frame->reserve(header.size + message->size());
    frame->append(reinterpret_cast<const char*>(header.bytes.data()), header.size);
    frame->append(*message);
    std::shared_ptr<const std::string> shared = std::move(frame);
    const std::size_t payloadBytes = message->size();
    for (auto& batch : batches)
        boost::asio::post(batch.executor, [sessions = std::move(batch.sessions), shared, payloadBytes] {
            for (const auto& session : sessions) session->pushAdmittedFrame(shared, payloadBytes);
        });
}

}  // namespace sockstream
