#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>

#include "websocket/CoalescingSocket.h"

namespace sockstream::core {
namespace {

using boost::asio::ip::tcp;

/// A CoalescingSocket on the accepting end of a loopback connection and a
/// blocking client at the other end, which reads whenever the test says.
struct Loopback {
    boost::asio::io_context io;
    tcp::socket client{io};
    std::unique_ptr<CoalescingSocket> server;
    std::size_t sentBytes = 0;
    boost::system::error_code sentError;

    explicit Loopback(int sendBufferBytes = 0) {
        tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
        client.connect(acceptor.local_endpoint());
        tcp::socket accepted(io);
        acceptor.accept(accepted);
        if (sendBufferBytes) accepted.set_option(boost::asio::socket_base::send_buffer_size(sendBufferBytes));
        server = std::make_unique<CoalescingSocket>(std::move(accepted));
        server->bind({}, [this](std::size_t bytes, const boost::system::error_code& error) {
            sentBytes += bytes;
            if (error) sentError = error;
        });
    }

    /// Reads `count` frames from the client end and returns their payloads.
    std::vector<std::string> readFrames(std::size_t count, std::vector<std::uint8_t>* opcodes = nullptr) {
        std::vector<std::string> payloads;
        for (std::size_t i = 0; i < count; ++i) {
            unsigned char head[2];
            boost::asio::read(client, boost::asio::buffer(head));
            std::uint64_t size = head[1] & 0x7f;
            EXPECT_EQ(head[1] & 0x80, 0) << "servers never mask";
            EXPECT_EQ(head[0] & 0x80, 0x80) << "frames are never fragmented";
            if (opcodes) opcodes->push_back(head[0] & 0x0f);
            if (size >= 126) {
                unsigned char extended[8];
                const std::size_t width = size == 126 ? 2 : 8;
                boost::asio::read(client, boost::asio::buffer(extended, width));
                size = 0;
                for (std::size_t k = 0; k < width; ++k) size = (size << 8) | extended[k];
            }
            std::string payload(size, '\0');
            boost::asio::read(client, boost::asio::buffer(payload));
            payloads.push_back(std::move(payload));
        }
        return payloads;
    }
};

/// A whole text frame around payload, as WebSocketFanOut builds one per broadcast.
std::shared_ptr<const std::string> framed(const std::string& payload) {
    const auto header = WebSocketFrameHeader::make(WebSocketFrameHeader::textOpcode, payload.size());
    return std::make_shared<const std::string>(std::string(reinterpret_cast<const char*>(header.bytes.data()), header.size) + payload);
}

std::string payloadOf(std::size_t i) {
    // Sizes on both sides of the 7- and 16-bit length limits.
    static const std::size_t sizes[] = {1, 125, 126, 3000, 65535, 65536, 200000};
    return std::string(sizes[i % std::size(sizes)], static_cast<char>('a' + i % 26));
}

TEST(CoalescingSocketTest, AFrameThatFitsLeavesDuringThePushAndKeepsNoReference) {
    Loopback loop;
    auto payload = std::make_shared<const std::string>("hello");
    loop.server->pushFrame(WebSocketFrameHeader::textOpcode, payload);
    EXPECT_EQ(loop.server->queuedFrames(), 0u);
    EXPECT_EQ(payload.use_count(), 1) << "a frame written at once must not be queued";
    EXPECT_EQ(loop.sentBytes, 5u);
    EXPECT_EQ(loop.readFrames(1), std::vector<std::string>{"hello"});
}

TEST(CoalescingSocketTest, APreframedBufferLeavesWholeAndCountsItsPayload) {
    Loopback loop;
    auto frame = framed("shared by many");
    loop.server->pushFramed(frame, 14);
    EXPECT_EQ(loop.server->queuedFrames(), 0u);
    EXPECT_EQ(frame.use_count(), 1);
    EXPECT_EQ(loop.sentBytes, 14u) << "the listener counts payload bytes, not the header";
    EXPECT_EQ(loop.readFrames(1), std::vector<std::string>{"shared by many"});
}

TEST(CoalescingSocketTest, FramesQueuedBehindASlowReaderArriveWholeAndInOrder) {
    Loopback loop(4096);
    std::vector<std::shared_ptr<const std::string>> sent;
    std::size_t total = 0;
    for (std::size_t i = 0; i < 120; ++i) {
        sent.push_back(std::make_shared<const std::string>(payloadOf(i)));
        total += sent.back()->size();
        if (i % 5 == 1) loop.server->pushFramed(framed(*sent.back()), sent.back()->size());
        else loop.server->pushFrame(i % 5 == 0 ? WebSocketFrameHeader::binaryOpcode : WebSocketFrameHeader::textOpcode,
                                    sent.back());
    }
    // The client has not read: most frames wait, the first one possibly in part.
    EXPECT_GT(loop.server->queuedFrames(), 0u);
    EXPECT_LT(loop.sentBytes, total);

    std::vector<std::string> received;
    std::vector<std::uint8_t> opcodes;
    std::thread reader([&] { received = loop.readFrames(sent.size(), &opcodes); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (loop.sentBytes < total && std::chrono::steady_clock::now() < deadline) loop.io.run_for(std::chrono::milliseconds(10));
    reader.join();

    EXPECT_EQ(loop.sentBytes, total);
    EXPECT_FALSE(loop.sentError);
    EXPECT_EQ(loop.server->queuedFrames(), 0u);
    ASSERT_EQ(received.size(), sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        EXPECT_EQ(received[i], *sent[i]) << "frame " << i;
        EXPECT_EQ(opcodes[i], i % 5 == 0 ? WebSocketFrameHeader::binaryOpcode : WebSocketFrameHeader::textOpcode);
    }
    for (const auto& payload : sent) EXPECT_EQ(payload.use_count(), 1) << "written frames let their payload go";
}

TEST(CoalescingSocketTest, RawWritesKeepTheirPlaceBetweenFrames) {
    Loopback loop(4096);
    auto big = std::make_shared<const std::string>(std::string(300000, 'x'));
    loop.server->pushFrame(WebSocketFrameHeader::textOpcode, big);
    // Beast's own bytes (here a ready-made close frame) queue behind our frame.
    const std::string closeFrame("\x88\x00", 2);
    bool written = false;
    loop.server->async_write_some(boost::asio::buffer(closeFrame),
                                  [&](const boost::system::error_code& error, std::size_t) { written = !error; });
    loop.server->pushFrame(WebSocketFrameHeader::textOpcode, std::make_shared<const std::string>("after"));

    std::vector<std::string> received;
    std::vector<std::uint8_t> opcodes;
    std::thread reader([&] { received = loop.readFrames(3, &opcodes); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (loop.server->queuedFrames() && std::chrono::steady_clock::now() < deadline)
        loop.io.run_for(std::chrono::milliseconds(10));
    loop.io.run_for(std::chrono::milliseconds(10));
    reader.join();
    EXPECT_TRUE(written);
    ASSERT_EQ(opcodes.size(), 3u);
    EXPECT_EQ(opcodes[0], WebSocketFrameHeader::textOpcode);
    EXPECT_EQ(received[0].size(), big->size());
    EXPECT_EQ(opcodes[1], 0x8);
    EXPECT_EQ(received[2], "after");
}

TEST(CoalescingSocketTest, APeerThatWentAwayFailsQueuedAndLaterFrames) {
    Loopback loop(4096);
    auto big = std::make_shared<const std::string>(std::string(500000, 'y'));
    loop.server->pushFrame(WebSocketFrameHeader::textOpcode, big);
    ASSERT_GT(loop.server->queuedFrames(), 0u);
    loop.client.set_option(boost::asio::socket_base::linger(true, 0));  // a reset, not a FIN
    loop.client.close();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!loop.sentError && std::chrono::steady_clock::now() < deadline) loop.io.run_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(loop.sentError);
    EXPECT_EQ(loop.sentBytes, big->size()) << "every queued data byte is accounted for, sent or dropped";
    EXPECT_EQ(loop.server->queuedFrames(), 0u);
    EXPECT_EQ(big.use_count(), 1);

    loop.server->pushFrame(WebSocketFrameHeader::textOpcode, std::make_shared<const std::string>("late"));
    EXPECT_EQ(loop.sentBytes, big->size() + 4);
    EXPECT_EQ(loop.server->queuedFrames(), 0u);
}

TEST(CoalescingSocketTest, AFrameRefusedOutrightIsCountedAsDroppedOnce) {
    Loopback loop;
    loop.client.set_option(boost::asio::socket_base::linger(true, 0));  // a reset, not a FIN
    loop.client.close();
    auto payload = std::make_shared<const std::string>("nobody reads this");
    loop.server->pushFrame(WebSocketFrameHeader::textOpcode, payload);
    loop.io.run_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(loop.sentError) << "the send failed at once and the listener heard of it";
    EXPECT_EQ(loop.sentBytes, payload->size()) << "dropped bytes are accounted for exactly once";
    EXPECT_EQ(loop.server->queuedFrames(), 0u);
    EXPECT_EQ(payload.use_count(), 1);
}

}  // namespace
}  // namespace sockstream::core
