#pragma once

// Shared helpers for the network-layer tests: a Metrics that remembers values,
// a dispatcher that runs a test's lambda, and blocking loopback clients.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "http/RequestDispatcher.h"
#include "sockstream/metrics/Metrics.h"

namespace sockstream::test {

class FakeCounter : public Counter {
public:
    void increment(double amount) override { value += amount; }
    std::atomic<double> value{0};
};

class FakeGauge : public Gauge {
public:
    void set(double v) override { value = v; }
    void add(double amount) override {
        double current = value.load();
        while (!value.compare_exchange_weak(current, current + amount)) {}
    }
    std::atomic<double> value{0};
};

class FakeMetrics : public Metrics {
public:
    Counter& counter(const std::string& name, const std::string&, const MetricLabels& labels) override {
        std::lock_guard lock(_mutex);
        auto& slot = _counters[key(name, labels)];
        if (!slot) slot = std::make_unique<FakeCounter>();
        return *slot;
    }
    Gauge& gauge(const std::string& name, const std::string&, const MetricLabels& labels) override {
        std::lock_guard lock(_mutex);
        auto& slot = _gauges[key(name, labels)];
        if (!slot) slot = std::make_unique<FakeGauge>();
        return *slot;
    }
    void gaugeCallback(const std::string&, const std::string&, std::function<double()>, const MetricLabels&) override {}

    double counterValue(const std::string& name, const MetricLabels& labels) {
        return static_cast<FakeCounter&>(counter(name, "", labels)).value.load();
    }
    double gaugeValue(const std::string& name, const MetricLabels& labels) {
        return static_cast<FakeGauge&>(gauge(name, "", labels)).value.load();
    }

private:
    static std::string key(const std::string& name, const MetricLabels& labels) {
        std::string k = name;
        for (const auto& [label, value] : labels) k += "|" + label + "=" + value;
        return k;
    }
    std::mutex _mutex;
    std::map<std::string, std::unique_ptr<FakeCounter>> _counters;
    std::map<std::string, std::unique_ptr<FakeGauge>> _gauges;
};

class LambdaDispatcher : public core::RequestDispatcher {
public:
    using Handler = std::function<void(std::shared_ptr<const HttpRequest>, HttpResponder)>;
    void dispatch(std::shared_ptr<const HttpRequest> request, HttpResponder responder) override {
        Handler current;
        {
            std::lock_guard lock(_mutex);
            current = _handler;
        }
        current(std::move(request), std::move(responder));
    }
    void set(Handler handler) {
        std::lock_guard lock(_mutex);
        _handler = std::move(handler);
    }

private:
    std::mutex _mutex;
    Handler _handler;
};

/// Polls `condition` until it holds or `limit` passes.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

/// A blocking loopback TCP client with a receive timeout.
class RawClient {
public:
    explicit RawClient(int port) : _socket(_io) {
        _socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    }
    void write(const std::string& bytes) { boost::asio::write(_socket, boost::asio::buffer(bytes)); }
    /// Reads one HTTP response (of a HEAD request when `head`).
    boost::beast::http::response<boost::beast::http::string_body> readResponse(bool head = false) {
        boost::beast::http::response_parser<boost::beast::http::string_body> parser;
        parser.skip(head);
        parser.body_limit(64 << 20);
        boost::beast::http::read(_socket, _buffer, parser);
        return parser.release();
    }
    boost::beast::http::response<boost::beast::http::string_body> request(const std::string& raw, bool head = false) {
        write(raw);
        return readResponse(head);
    }
    /// True when the server closes the connection (EOF or reset) within `timeoutMs`;
    /// bytes the server sends meanwhile are skipped.
    bool closedByPeer(int timeoutMs = 5000) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        for (;;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd descriptor{_socket.native_handle(), POLLIN, 0};
            if (::poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) return false;
            char bytes[4096];
            ssize_t got = ::recv(_socket.native_handle(), bytes, sizeof bytes, 0);
            if (got <= 0) return true;
        }
    }
    boost::asio::ip::tcp::socket& socket() { return _socket; }

private:
    boost::asio::io_context _io;
    boost::asio::ip::tcp::socket _socket;
    boost::beast::flat_buffer _buffer;
};

}  // namespace sockstream::test
