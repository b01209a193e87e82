#include "httpserver/HttpServer.h"

#include <stdexcept>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "httpserver/HttpServerContext.h"
#include "httpserver/HttpSession.h"
#include "runtime/IoRuntime.h"
#include "runtime/RunOnLoop.h"

namespace sockstream::core {

using boost::asio::ip::tcp;

namespace {

/// The accept loop; shared with its pending handlers so that they never
/// outlive it, whenever the server object goes away.
struct AcceptLoop : std::enable_shared_from_this<AcceptLoop> {
    AcceptLoop(IoRuntime& ioRuntime, HttpServerOptions options, RequestDispatcher& dispatcher, Metrics& metrics)
        : runtime(ioRuntime),
          strand(boost::asio::make_strand(ioRuntime.io())),
          acceptor(strand),
          retryTimer(strand),
          context(std::make_shared<HttpServerContext>(std::move(options), ioRuntime, dispatcher, metrics)) {}

    void accept() {
        acceptor.async_accept(runtime.nextConnectionIo().get_executor(),
                              [this, self = shared_from_this()](const boost::system::error_code& error, tcp::socket socket) {
                                  onAccept(error, std::move(socket));
                              });
    }

    void onAccept(const boost::system::error_code& error, tcp::socket socket) {
        if (!acceptor.is_open() || context->closing) return;
        if (error) {
            // Out of descriptors and the like: back off instead of spinning.
            context->logger.warning("accept failed: %s", error.message());
            retryTimer.expires_after(std::chrono::milliseconds(100));
            retryTimer.async_wait([this, self = shared_from_this()](const boost::system::error_code& timerError) {
                if (!timerError && acceptor.is_open()) accept();
            });
            return;
        }
        boost::system::error_code ignored;
        auto endpoint = socket.remote_endpoint(ignored);
        PerAddressLimiter::Slot slot;
        if (!ignored) slot = context->perAddress->tryAcquire(endpoint.address());
        if (!slot) {
            socket.close(ignored);  // gone already, or its address holds its share
        } else if (context->connections.size() >= context->options.maxConnections) {
            context->refusedFull.increment();
            socket.close(ignored);
        } else {
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<HttpSession>(std::move(socket), context, std::move(slot))->start();
        }
        accept();
    }

    IoRuntime& runtime;
    boost::asio::strand<boost::asio::io_context::executor_type> strand;
    tcp::acceptor acceptor;
    boost::asio::steady_timer retryTimer;
    std::shared_ptr<HttpServerContext> context;
    int port = 0;
};

}  // namespace

struct HttpServer::Impl {
    std::shared_ptr<AcceptLoop> loop;
};

HttpServer::HttpServer(IoRuntime& runtime, HttpServerOptions options, RequestDispatcher& dispatcher, Metrics& metrics)
    : _impl(std::make_unique<Impl>()) {
    _impl->loop = std::make_shared<AcceptLoop>(runtime, std::move(options), dispatcher, metrics);
}

HttpServer::~HttpServer() { close(); }

void HttpServer::open() {
    auto& loop = *_impl->loop;
    const auto& options = loop.context->options;
    try {
        tcp::endpoint endpoint(boost::asio::ip::make_address(options.host), static_cast<unsigned short>(options.port));
        loop.acceptor.open(endpoint.protocol());
        loop.acceptor.set_option(tcp::acceptor::reuse_address(true));
        loop.acceptor.bind(endpoint);
        loop.acceptor.listen(boost::asio::socket_base::max_listen_connections);
        loop.port = loop.acceptor.local_endpoint().port();
    } catch (const std::exception& e) {
        boost::system::error_code ignored;
        loop.acceptor.close(ignored);
        throw std::runtime_error("HTTP server cannot listen on " + options.host + ":" +
                                 std::to_string(options.port) + ": " + e.what());
    }
    boost::asio::post(loop.strand, [self = _impl->loop] { self->accept(); });
}

int HttpServer::boundPort() const { return _impl->loop->port; }

void HttpServer::close() {
    auto loop = _impl->loop;
    if (loop->context->closing.exchange(true)) return;
    auto stopAccepting = [loop] {
        boost::system::error_code ignored;
        loop->acceptor.close(ignored);
        loop->retryTimer.cancel();
    };
    const bool loopRunning = runOnLoop(loop->runtime, loop->strand, stopAccepting);
    loop->context->connections.closeAll(loopRunning ? std::chrono::milliseconds(5000) : std::chrono::milliseconds(0));
}

}  // namespace sockstream::core
