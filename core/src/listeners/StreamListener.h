#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "listeners/ListenerContext.h"

namespace sockstream::core {

class IoRuntime;

/// One plugin listener: its acceptor, its connections and their handler factory.
/// Each connection lives on one I/O thread's loop (IoRuntime::nextConnectionIo).
class StreamListener : public std::enable_shared_from_this<StreamListener> {
public:
    StreamListener(IoRuntime& runtime, std::string owner, ListenerSpec spec, StreamHandlerFactory factory,
                   std::shared_ptr<boost::asio::ssl::context> tls, Metrics& metrics,
                   const AddressRanges& exemptAddresses = {});

    const std::string& owner() const { return _owner; }
    const std::string& name() const { return _context->spec.name; }
    int boundPort() const { return _port; }
    bool isOpen() const { return _port != 0; }
    /// Throws std::runtime_error naming the listener and address.
    void open();
    /// Stops accepting and closes every connection; waits up to `wait` for their onClose.
    void close(std::chrono::milliseconds wait);

private:
    void accept();
    void onAccept(const boost::system::error_code& error, boost::asio::ip::tcp::socket socket);
    /// True when a newcomer may be accepted, after closing the oldest pending
    /// connection if the listener (or its share for pending ones) is full.
    bool makeRoom();

    IoRuntime& _runtime;
    boost::asio::strand<boost::asio::io_context::executor_type> _strand;
    boost::asio::ip::tcp::acceptor _acceptor;
    boost::asio::steady_timer _retryTimer;
    std::string _owner;
    StreamHandlerFactory _factory;
    std::shared_ptr<boost::asio::ssl::context> _tls;
    std::shared_ptr<ListenerContext> _context;
    std::atomic<int> _port{0};
    std::atomic<bool> _closed{false};
};

}  // namespace sockstream::core
