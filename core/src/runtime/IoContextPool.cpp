#include "runtime/IoContextPool.h"

#include <string>

#include <Poco/Logger.h>

namespace sockstream::core {
namespace {

/// Which pool and context the calling thread runs, if it is an I/O thread.
thread_local const IoContextPool* tCurrentPool = nullptr;
thread_local boost::asio::io_context* tCurrentContext = nullptr;

}  // namespace

IoContextPool::IoContextPool(int threads) {
    std::size_t count = threads > 0 ? static_cast<std::size_t>(threads) : 1;
    _contexts.reserve(count);
    // Concurrency hint 1: each context is run by exactly one thread.
    for (std::size_t i = 0; i < count; ++i) _contexts.push_back(std::make_unique<boost::asio::io_context>(1));
    _work.resize(count);
}

IoContextPool::~IoContextPool() { stop(); }

void IoContextPool::start() {
    if (!_threads.empty() || stopped()) return;
    for (std::size_t i = 0; i < _contexts.size(); ++i) {
        _work[i].emplace(_contexts[i]->get_executor());
        _threads.emplace_back([this, i] { run(i); });
    }
}

void IoContextPool::stop() {
    if (_stopped.exchange(true)) return;
    for (auto& work : _work) work.reset();
    for (auto& context : _contexts) context->stop();
    for (auto& thread : _threads)
        if (thread.joinable() && thread.get_id() != std::this_thread::get_id()) thread.join();
    _threads.clear();
}

boost::asio::io_context& IoContextPool::next() {
    return *_contexts[_next.fetch_add(1, std::memory_order_relaxed) % _contexts.size()];
}

boost::asio::io_context& IoContextPool::nextAmongFirst(std::size_t count) {
    const std::size_t among = count == 0 || count > _contexts.size() ? _contexts.size() : count;
    return *_contexts[_nextAmongFirst.fetch_add(1, std::memory_order_relaxed) % among];
}

boost::asio::io_context& IoContextPool::local() {
    if (tCurrentPool == this && tCurrentContext) return *tCurrentContext;
    return next();
}

bool IoContextPool::onIoThread() const { return tCurrentPool == this; }

void IoContextPool::run(std::size_t index) {
    tCurrentPool = this;
    tCurrentContext = _contexts[index].get();
    // A handler that throws must not take the whole loop down with it.
    for (;;) {
        try {
            _contexts[index]->run();
            return;
        } catch (const std::exception& e) {
            Poco::Logger::get("sockstream.io").error("I/O handler failed: %s", std::string(e.what()));
        } catch (...) {
            Poco::Logger::get("sockstream.io").error("I/O handler failed with an unknown exception");
        }
    }
}

}  // namespace sockstream::core
