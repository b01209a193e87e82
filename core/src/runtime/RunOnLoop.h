#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>

#include <boost/asio/post.hpp>

#include "runtime/IoRuntime.h"

namespace sockstream::core {

/// Runs `work` on `executor` and waits for it (at most 5 s), or right here
/// when no loop can run it: the runtime has stopped, or the caller is an I/O
/// thread, which must not block on a loop. Returns whether the loop ran it,
/// i.e. whether the loops are still there to finish what comes next.
template <class Executor>
bool runOnLoop(IoRuntime& runtime, const Executor& executor, std::function<void()> work) {
    if (runtime.stopped() || runtime.onIoThread()) {
        work();
        return false;
    }
    auto done = std::make_shared<std::promise<void>>();
    boost::asio::post(executor, [done, work = std::move(work)] {
        work();
        done->set_value();
    });
    done->get_future().wait_for(std::chrono::seconds(5));
    return true;
}

}  // namespace sockstream::core
