#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "NetTestSupport.h"
#include "runtime/IoRuntime.h"

using namespace sockstream;
using sockstream::test::eventually;

TEST(IoRuntime, TimersRunAndCancel) {
    core::IoRuntime runtime(2, 2);
    runtime.start();
    auto scheduler = runtime.schedulerFor("plugin-a");
    std::atomic<int> once{0}, repeated{0}, cancelled{0};
    scheduler->after(std::chrono::milliseconds(10), [&] { ++once; });
    auto every = scheduler->every(std::chrono::milliseconds(5), [&] { ++repeated; });
    auto never = scheduler->after(std::chrono::milliseconds(200), [&] { ++cancelled; });
    never->cancel();
    never->cancel();  // idempotent
    EXPECT_TRUE(eventually([&] { return once == 1 && repeated >= 3; }));
    every->cancel();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    int afterCancel = repeated;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(repeated, afterCancel);
    EXPECT_EQ(cancelled, 0);
    EXPECT_EQ(once, 1);
    runtime.stop();
}

TEST(IoRuntime, CancelOwnerStopsOnlyThatOwner) {
    core::IoRuntime runtime(1, 1);
    runtime.start();
    auto a = runtime.schedulerFor("a");
    auto b = runtime.schedulerFor("b");
    std::atomic<int> fromA{0}, fromB{0};
    a->every(std::chrono::milliseconds(5), [&] { ++fromA; });
    a->after(std::chrono::milliseconds(300), [&] { fromA += 1000; });
    b->every(std::chrono::milliseconds(5), [&] { ++fromB; });
    ASSERT_TRUE(eventually([&] { return fromA >= 2 && fromB >= 2; }));
    runtime.cancelOwner("a");
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    int aAfter = fromA, bAfter = fromB;
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    EXPECT_EQ(fromA, aAfter);
    EXPECT_GT(fromB, bAfter);
    a->post([&] { fromA += 1; });  // dropped: the owner is cancelled
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(fromA, aAfter);
    runtime.stop();
}

TEST(IoRuntime, PostRunsOnIoThreadsAndBlockingOnWorkers) {
    core::IoRuntime runtime(2, 3);
    runtime.start();
    std::atomic<int> ran{0};
    std::atomic<bool> ioThread{false};
    runtime.post([&] {
        ioThread = runtime.onIoThread();
        ++ran;
    });
    auto scheduler = runtime.schedulerFor("core");
    scheduler->postBlocking([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ++ran;
    });
    runtime.post([] { throw std::runtime_error("a failing task must not stop the loop"); });
    runtime.post([&] { ++ran; });
    EXPECT_TRUE(eventually([&] { return ran == 3; }));
    EXPECT_TRUE(ioThread);
    runtime.stop();
}

TEST(IoRuntime, ConnectionsAreSpreadOverOneLoopPerThread) {
    core::IoRuntime runtime(2, 1);
    runtime.start();
    auto* first = &runtime.nextConnectionIo();
    auto* second = &runtime.nextConnectionIo();
    EXPECT_NE(first, second);
    EXPECT_EQ(&runtime.nextConnectionIo(), first);
    // Each loop is run by exactly one thread, and work posted from an I/O
    // thread stays on that thread.
    std::promise<std::pair<std::thread::id, std::thread::id>> threads;
    boost::asio::post(*second, [&] {
        auto outer = std::this_thread::get_id();
        runtime.post([&, outer] { threads.set_value({outer, std::this_thread::get_id()}); });
    });
    auto future = threads.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    auto [outer, inner] = future.get();
    EXPECT_EQ(outer, inner);
    EXPECT_FALSE(runtime.onIoThread());
    runtime.stop();
    EXPECT_TRUE(runtime.stopped());
}

TEST(IoRuntime, WebSocketsTakeTurnsAmongTheFirstLoopsOnly) {
    core::IoRuntime runtime(3, 1, 2);
    std::set<boost::asio::io_context*> connectionLoops, webSocketLoops;
    for (int i = 0; i < 9; ++i) {
        connectionLoops.insert(&runtime.nextConnectionIo());
        webSocketLoops.insert(&runtime.nextWebSocketIo());
    }
    EXPECT_EQ(connectionLoops.size(), 3u);
    EXPECT_EQ(webSocketLoops.size(), 2u);
    EXPECT_TRUE(webSocketLoops.count(&runtime.io())) << "the first loops, starting with the first";

    core::IoRuntime everyLoop(3, 1, 0);
    std::set<boost::asio::io_context*> allLoops;
    for (int i = 0; i < 9; ++i) allLoops.insert(&everyLoop.nextWebSocketIo());
    EXPECT_EQ(allLoops.size(), 3u) << "0: every loop";

    core::IoRuntime moreThanThereAre(2, 1, 5);
    std::set<boost::asio::io_context*> bothLoops;
    for (int i = 0; i < 6; ++i) bothLoops.insert(&moreThanThereAre.nextWebSocketIo());
    EXPECT_EQ(bothLoops.size(), 2u);
}
