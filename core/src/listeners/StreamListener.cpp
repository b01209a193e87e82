#include "listeners/StreamListener.h"

#include <stdexcept>

#include <boost/asio/post.hpp>

#include "listeners/StreamSession.h"
#include "runtime/IoRuntime.h"
#include "runtime/RunOnLoop.h"

namespace sockstream::core {

using boost::asio::ip::tcp;
using TlsStream = boost::asio::ssl::stream<tcp::socket>;

StreamListener::StreamListener(IoRuntime& runtime, std::string owner, ListenerSpec spec,
                               StreamHandlerFactory factory, std::shared_ptr<boost::asio::ssl::context> tls,
                               Metrics& metrics, const AddressRanges& exemptAddresses)
    : _runtime(runtime),
      _strand(boost::asio::make_strand(runtime.io())),
      _acceptor(_strand),
      _retryTimer(_strand),
      _owner(std::move(owner)),
      _factory(std::move(factory)),
      _tls(std::move(tls)),
      _context(std::make_shared<ListenerContext>(std::move(spec), metrics, exemptAddresses)) {}

void StreamListener::open() {
    const ListenerSpec& spec = _context->spec;
    try {
        tcp::endpoint endpoint(boost::asio::ip::make_address(spec.host), static_cast<unsigned short>(spec.port));
        _acceptor.open(endpoint.protocol());
        _acceptor.set_option(tcp::acceptor::reuse_address(true));
        _acceptor.bind(endpoint);
        _acceptor.listen(boost::asio::socket_base::max_listen_connections);
        _port = _acceptor.local_endpoint().port();
    } catch (const std::exception& e) {
        boost::system::error_code ignored;
        _acceptor.close(ignored);
        throw std::runtime_error("listener '" + spec.name + "' cannot listen on " + spec.host + ":" +
                                 std::to_string(spec.port) + ": " + e.what());
    }
    boost::asio::post(_strand, [self = shared_from_this()] { self->accept(); });
}

void StreamListener::accept() {
    _acceptor.async_accept(_runtime.nextConnectionIo().get_executor(),
                           [self = shared_from_this()](const boost::system::error_code& error, tcp::socket socket) {
                               self->onAccept(error, std::move(socket));
                           });
}

void StreamListener::onAccept(const boost::system::error_code& error, tcp::socket socket) {
    if (_closed || !_acceptor.is_open()) return;
    if (error) {
        _context->logger.warning("%s: accept failed: %s", _context->spec.name, error.message());
        _retryTimer.expires_after(std::chrono::milliseconds(100));
        _retryTimer.async_wait([self = shared_from_this()](const boost::system::error_code& timerError) {
            if (!timerError && !self->_closed) self->accept();
        });
        return;
    }
    boost::system::error_code ignored;
    auto endpoint = socket.remote_endpoint(ignored);
    if (ignored) {  // the peer left already
        socket.close(ignored);
        return accept();
    }
    PerAddressLimiter::Slot slot = _context->perAddress->tryAcquire(endpoint.address());
    if (!slot || !makeRoom()) {
        socket.close(ignored);
        return accept();
    }
    socket.set_option(tcp::no_delay(true), ignored);
    std::string remote = endpoint.address().to_string();
    std::shared_ptr<StreamHandler> handler;
    try {
        handler = _factory();
    } catch (const std::exception& e) {
        _context->logger.error("%s: handler factory failed: %s", _context->spec.name, std::string(e.what()));
    }
    if (!handler) {
        socket.close(ignored);
        return accept();
    }
    if (_tls)
        std::make_shared<StreamSession<TlsStream>>(TlsStream(std::move(socket), *_tls), _context, std::move(handler),
                                                   std::move(remote), std::move(slot))
            ->start();
    else
        std::make_shared<StreamSession<tcp::socket>>(std::move(socket), _context, std::move(handler), std::move(remote),
                                                     std::move(slot))
            ->start();
    accept();
}

bool StreamListener::makeRoom() {
    ListenerContext& context = *_context;
    const bool full = context.connections.size() >= context.spec.maxConnections;
    if (!full && context.pending.size() < context.pendingCapacity()) return true;
    // The oldest pending connection goes: established ones keep their places.
    if (auto oldest = context.pending.takeOldest()) {
        oldest->shutdown();
        context.evicted.increment();
        return true;
    }
    context.refusedFull.increment();
    return false;
}

void StreamListener::close(std::chrono::milliseconds wait) {
    if (_closed.exchange(true)) return;
    auto stopAccepting = [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->_acceptor.close(ignored);
        self->_retryTimer.cancel();
    };
    const bool loopRunning = runOnLoop(_runtime, _strand, stopAccepting);
    _context->connections.closeAll(loopRunning ? wait : std::chrono::milliseconds(0));
}

}  // namespace sockstream::core
