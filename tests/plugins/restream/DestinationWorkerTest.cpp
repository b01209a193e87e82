#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "DestinationWorker.h"

using namespace std::chrono_literals;
using namespace sockstream;
using namespace sockstream::restream;

namespace {

/// A loopback listener that accepts into its backlog and never answers: an RTMP
/// handshake to it never completes.
class SilentListener {
public:
    SilentListener() {
        _fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(_fd, 8);
        socklen_t length = sizeof address;
        ::getsockname(_fd, reinterpret_cast<sockaddr*>(&address), &length);
        _port = ntohs(address.sin_port);
    }
    ~SilentListener() { ::close(_fd); }
    int port() const { return _port; }

private:
    int _fd = -1;
    int _port = 0;
};

std::vector<TrackInfo> tracks() {
    TrackInfo video;
    video.id = 0;
    video.kind = MediaKind::Video;
    video.codec = Codec::H264;
    return {video};
}

MediaPacket packet(bool keyframe) {
    MediaPacket p;
    p.trackId = 0;
    p.keyframe = keyframe;
    p.data = std::make_shared<const std::string>(100, 'x');
    return p;
}

template <class Check>
bool eventually(Check check, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (check()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

}  // namespace

TEST(DestinationWorker, AServerThatNeverAnswersTimesOutAndIsRetriedWithWords) {
    SilentListener silent;
    WorkerLimits limits;
    limits.connectTimeout = 600ms;
    limits.backoffMin = 100ms;
    limits.backoffMax = 200ms;
    std::mutex mutex;
    std::vector<std::string> warnings;
    DestinationWorker worker("room", {"d", "Silent", "rtmp://127.0.0.1:" + std::to_string(silent.port()) + "/app", "secret-key-1234"},
                             limits, tracks(), [](const std::string&) {},
                             [&](const std::string& line) {
                                 std::lock_guard lock(mutex);
                                 warnings.push_back(line);
                             });
    // offer() never blocks, connected or not.
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10'000; ++i) worker.offer(packet(i % 30 == 0));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    ASSERT_TRUE(eventually([&] { return worker.status().reconnects >= 2; }));
    const auto status = worker.status();
    EXPECT_NE(status.lastError.find("no answer"), std::string::npos) << status.lastError;
    std::lock_guard lock(mutex);
    ASSERT_FALSE(warnings.empty());
    for (const auto& line : warnings) {
        EXPECT_EQ(line.find("secret-key-1234"), std::string::npos) << line;
        EXPECT_NE(line.find("retrying in"), std::string::npos) << line;
    }
}

TEST(DestinationWorker, StopsPromptlyWhileConnecting) {
    SilentListener silent;
    WorkerLimits limits;
    limits.connectTimeout = 60s;
    auto worker = std::make_unique<DestinationWorker>(
        "room", DestinationTarget{"d", "Silent", "rtmp://127.0.0.1:" + std::to_string(silent.port()) + "/app", "k"}, limits,
        tracks(), [](const std::string&) {}, [](const std::string&) {});
    ASSERT_TRUE(eventually([&] { return worker->status().state == "connecting"; }));
    const auto start = std::chrono::steady_clock::now();
    worker.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(DestinationWorker, TracksFlvCannotCarryFailForGood) {
    TrackInfo opus;
    opus.kind = MediaKind::Audio;
    opus.codec = Codec::Opus;
    WorkerLimits limits;
    limits.backoffMin = 50ms;
    DestinationWorker worker("room", {"d", "Any", "rtmp://127.0.0.1:9/app", "secret-key-42"}, limits, {opus},
                             [](const std::string&) {}, [](const std::string&) {});
    ASSERT_TRUE(eventually([&] { return worker.status().state == "failed"; }));
    EXPECT_NE(worker.status().lastError.find("no track FLV can carry"), std::string::npos);
}

namespace {

/// A worker with quiet logs pushing to `scheme`://the silent listener, with a fixed back-off.
std::unique_ptr<DestinationWorker> quietWorker(const std::string& scheme, const SilentListener& silent,
                                               std::chrono::milliseconds connectTimeout, std::chrono::milliseconds backoff) {
    WorkerLimits limits;
    limits.connectTimeout = connectTimeout;
    limits.backoffMin = backoff;
    limits.backoffMax = backoff;
    return std::make_unique<DestinationWorker>(
        "room", DestinationTarget{"d", "Silent", scheme + "://127.0.0.1:" + std::to_string(silent.port()) + "/app", "k"},
        limits, tracks(), [](const std::string&) {}, [](const std::string&) {});
}

}  // namespace

TEST(DestinationWorker, RetryingSaysWhenTheNextAttemptComes) {
    SilentListener silent;
    auto worker = quietWorker("rtmp", silent, 500ms, 3000ms);
    EXPECT_EQ(worker->status().retryAt, 0);
    ASSERT_TRUE(eventually([&] { return worker->status().state == "retrying" && worker->status().retryAt > 0; }));
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    const auto status = worker->status();
    EXPECT_GT(status.retryAt, now - 100);
    EXPECT_LE(status.retryAt, now + 3000);
    // The next attempt clears it.
    ASSERT_TRUE(eventually([&] { return worker->status().state == "connecting"; }));
    EXPECT_EQ(worker->status().retryAt, 0);
}

TEST(DestinationWorker, RtmpsToAServerThatNeverAnswersNamesTheTlsStep) {
    SilentListener silent;
    auto worker = quietWorker("rtmps", silent, 600ms, 100ms);
    ASSERT_TRUE(eventually([&] { return worker->status().reconnects >= 1; }));
    EXPECT_NE(worker->status().lastError.find("TLS"), std::string::npos) << worker->status().lastError;
}

TEST(DestinationWorker, AnUpperCaseRtmpsSchemeIsTlsToo) {
    // The rules accept "RTMPS://": it must reach FFmpeg's TLS with verification, not "Protocol not found".
    SilentListener silent;
    auto worker = quietWorker("RTMPS", silent, 600ms, 100ms);
    ASSERT_TRUE(eventually([&] { return worker->status().reconnects >= 1; }));
    EXPECT_NE(worker->status().lastError.find("TLS"), std::string::npos) << worker->status().lastError;
}
