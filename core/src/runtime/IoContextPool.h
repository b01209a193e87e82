#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace sockstream::core {

/// One io_context per I/O thread (the nginx model): a connection is placed on
/// one context for its whole life, so its reads, writes and timers never wake
/// another thread. Work that does not belong to a connection goes to the
/// caller's own context when it runs on an I/O thread, else round-robin.
class IoContextPool {
public:
    explicit IoContextPool(int threads);
    ~IoContextPool();
    IoContextPool(const IoContextPool&) = delete;
    IoContextPool& operator=(const IoContextPool&) = delete;

    void start();
    /// Stops every context and joins its thread (except the calling one).
    void stop();

    std::size_t size() const { return _contexts.size(); }
    boost::asio::io_context& at(std::size_t index) { return *_contexts[index]; }
    /// The next context, round-robin: where a new connection lives.
    boost::asio::io_context& next();
    /// The next of the first `count` contexts, round-robin (0 or more than
    /// there are: all of them); a counter of its own, apart from next()'s.
    boost::asio::io_context& nextAmongFirst(std::size_t count);
    /// The calling I/O thread's context, or next() off the I/O threads.
    boost::asio::io_context& local();
    /// Whether the caller runs on one of this pool's threads.
    bool onIoThread() const;
    bool stopped() const { return _stopped.load(std::memory_order_acquire); }

private:
    using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    void run(std::size_t index);

    std::vector<std::unique_ptr<boost::asio::io_context>> _contexts;
    std::vector<std::optional<WorkGuard>> _work;
    std::vector<std::thread> _threads;
    std::atomic<std::size_t> _next{0};
    std::atomic<std::size_t> _nextAmongFirst{0};
    std::atomic<bool> _stopped{false};
};

}  // namespace sockstream::core
