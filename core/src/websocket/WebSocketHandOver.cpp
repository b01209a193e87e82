#include "websocket/WebSocketHandOver.h"

#include <atomic>
#include <unistd.h>
#include <utility>

#include <boost/asio/post.hpp>

#include "connections/Closable.h"

namespace sockstream::core {

namespace {

/// A socket descriptor between two loops: closed unless someone takes it, so
/// a hand-over dropped at shutdown does not leak it.
class DescriptorInTransit {
public:
    explicit DescriptorInTransit(int descriptor) : _descriptor(descriptor) {}
    DescriptorInTransit(DescriptorInTransit&& other) noexcept : _descriptor(std::exchange(other._descriptor, -1)) {}
    DescriptorInTransit& operator=(DescriptorInTransit&&) = delete;
    ~DescriptorInTransit() {
        if (_descriptor >= 0) ::close(_descriptor);
    }
    int take() { return std::exchange(_descriptor, -1); }

private:
    int _descriptor;
};

/// Stands for the connection in the server's tracker while it moves.
class HandOverEntry : public Closable {
public:
    explicit HandOverEntry(std::shared_ptr<HttpServerContext> context) : _context(std::move(context)) {}
    ~HandOverEntry() override { _context->connections.remove(this); }
    void shutdown() override { _cancelled.store(true, std::memory_order_release); }
    bool cancelled() const { return _cancelled.load(std::memory_order_acquire); }

private:
    std::shared_ptr<HttpServerContext> _context;
    std::atomic<bool> _cancelled{false};
};

}  // namespace

void startWebSocketOnLoop(boost::asio::io_context& loop, WebSocketSession::Socket& socket,
                          std::shared_ptr<HttpServerContext> context, std::shared_ptr<WebSocketHandler> handler,
                          WebSocketOptions options, std::string remoteAddress,
                          WebSocketSession::UpgradeRequest request, PerAddressLimiter::Slot addressSlot) {
    if (&loop == &boost::asio::query(socket.get_executor(), boost::asio::execution::context)) {
        std::make_shared<WebSocketSession>(std::move(socket), std::move(context), std::move(handler), options,
                                           std::move(remoteAddress), std::move(addressSlot))
            ->start(std::move(request));
        return;
    }
    boost::system::error_code error;
    const auto protocol = socket.local_endpoint(error).protocol();
    const int descriptor = error ? -1 : socket.release(error);
    if (descriptor < 0) {
        context->logger.warning("WebSocket from %s could not leave its loop: %s", remoteAddress, error.message());
        return handler->onClose();
    }
    auto entry = std::make_shared<HandOverEntry>(context);
    context->connections.add(entry);
    boost::asio::post(loop, [&loop, descriptor = DescriptorInTransit(descriptor), protocol, context = std::move(context),
                             handler = std::move(handler), options, remoteAddress = std::move(remoteAddress),
                             request = std::move(request), entry = std::move(entry),
                             addressSlot = std::move(addressSlot)]() mutable {
        if (context->closing || entry->cancelled()) return handler->onClose();
        boost::system::error_code error;
        WebSocketSession::Socket socket(loop);
        const int handle = descriptor.take();
        socket.assign(protocol, handle, error);
        if (error) {
            ::close(handle);  // a refused assign leaves the descriptor ours
            context->logger.warning("WebSocket from %s could not move to its loop: %s", remoteAddress, error.message());
            return handler->onClose();
        }
        auto session = std::make_shared<WebSocketSession>(std::move(socket), context, std::move(handler), options,
                                                          std::move(remoteAddress), std::move(addressSlot));
        session->start(std::move(request));
        // The session is tracked now; a close that came after the check above
        // either found it there or is seen here.
        entry.reset();
        if (context->closing) session->shutdown();
    });
}

}  // namespace sockstream::core
