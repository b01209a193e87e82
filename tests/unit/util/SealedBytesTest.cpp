#include <gtest/gtest.h>

#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "sockstream/util/SealedBytes.h"

namespace sockstream {
namespace {

std::string patterned(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(i * 7 + i / 251);
    return bytes;
}

TEST(SealedBytes, ViewAndFileHoldTheSameBytes) {
    std::string original = patterned(300 * 1024 + 17);
    auto sealed = SealedBytes::copyOf(original);
    ASSERT_GE(sealed->fileDescriptor(), 0) << "memfd is available on Linux";
    EXPECT_EQ(sealed->size(), original.size());
    EXPECT_EQ(sealed->view(), original);

    std::string fromFile(original.size(), '\0');
    ASSERT_EQ(::pread(sealed->fileDescriptor(), fromFile.data(), fromFile.size(), 0),
              static_cast<ssize_t>(fromFile.size()));
    EXPECT_EQ(fromFile, original);
}

TEST(SealedBytes, TheFileCannotBeChangedOrResized) {
    auto sealed = SealedBytes::copyOf("segment");
    int file = sealed->fileDescriptor();
    ASSERT_GE(file, 0);
    EXPECT_EQ(::pwrite(file, "X", 1, 0), -1) << "F_SEAL_WRITE";
    EXPECT_EQ(::ftruncate(file, 2), -1) << "F_SEAL_SHRINK";
    EXPECT_EQ(::ftruncate(file, 4096), -1) << "F_SEAL_GROW";
    struct stat status {};
    ASSERT_EQ(::fstat(file, &status), 0);
    EXPECT_EQ(status.st_size, 7);
    EXPECT_EQ(sealed->view(), "segment");
    EXPECT_NE(::fcntl(file, F_GETFD) & FD_CLOEXEC, 0) << "not inherited by ffmpeg or other children";
}

TEST(SealedBytes, EmptyBytesNeedNoFile) {
    auto sealed = SealedBytes::copyOf("");
    EXPECT_EQ(sealed->fileDescriptor(), -1);
    EXPECT_EQ(sealed->size(), 0u);
    EXPECT_TRUE(sealed->view().empty());
}

TEST(SealedBytes, ReleasingTheBytesClosesTheFile) {
    int file = -1;
    {
        auto sealed = SealedBytes::copyOf("part");
        file = sealed->fileDescriptor();
        ASSERT_GE(file, 0);
    }
    EXPECT_EQ(::fcntl(file, F_GETFD), -1) << "the descriptor was closed";
}

}  // namespace
}  // namespace sockstream
