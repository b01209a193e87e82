// The Annex B splitter the srt ingest and the webrtc VP8 -> H.264 transcoder share.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "RecordBytes.h"
#include "sockstream/codec/AnnexB.h"

namespace sockstream::codec {
namespace {

using test::raw;

const std::string kShort = raw({0, 0, 1});
const std::string kLong = raw({0, 0, 0, 1});
const std::string kSps = raw({0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9});
const std::string kPps = raw({0x68, 0xEE, 0x3C, 0x80});
const std::string kIdr = raw({0x65, 0x88, 0x84, 0x00, 0x10});

std::vector<std::string> split(const std::string& stream) {
    std::vector<std::string> units;
    for (const auto unit : splitAnnexB(stream)) units.emplace_back(unit);
    return units;
}

TEST(AnnexB, SplitsOnThreeAndFourByteStartCodes) {
    EXPECT_EQ(split(kLong + kSps + kShort + kPps + kLong + kIdr), (std::vector<std::string>{kSps, kPps, kIdr}));
    EXPECT_EQ(split(kShort + kIdr), std::vector<std::string>{kIdr});
}

TEST(AnnexB, UnitsAreViewsIntoTheStream) {
    const std::string stream = kLong + kSps + kShort + kPps;
    const auto units = splitAnnexB(stream);
    ASSERT_EQ(units.size(), 2u);
    EXPECT_EQ(units[0].data(), stream.data() + 4);
    EXPECT_EQ(units[1].data(), stream.data() + 4 + kSps.size() + 3);
}

TEST(AnnexB, DropsTrailingZeros) {
    // trailing_zero_8bits between units and at the end; the zero inside the IDR unit stays.
    EXPECT_EQ(split(kShort + kIdr + raw({0, 0}) + kLong + kSps + raw({0, 0, 0})),
              (std::vector<std::string>{kIdr, kSps}));
}

TEST(AnnexB, SkipsEmptyUnits) {
    EXPECT_EQ(split(kLong + kShort + kSps + kLong + kLong + kPps + kShort), (std::vector<std::string>{kSps, kPps}));
    // A unit of zero bytes only is empty once they are dropped.
    EXPECT_EQ(split(kShort + raw({0, 0}) + kShort + kIdr), std::vector<std::string>{kIdr});
}

TEST(AnnexB, NoStartCodeGivesNoUnits) {
    EXPECT_TRUE(splitAnnexB("").empty());
    EXPECT_TRUE(splitAnnexB(kIdr).empty());
    EXPECT_TRUE(splitAnnexB(raw({0, 0, 2, 0x65, 0, 1, 0x41})).empty());
}

TEST(AnnexB, IgnoresBytesBeforeTheFirstStartCode) {
    EXPECT_EQ(split(raw({0x41, 0x9A}) + kShort + kIdr), std::vector<std::string>{kIdr});
}

TEST(AnnexB, APartialStartCodeAtTheEndIsNotOne) {
    // 00 00 at the end is trailing zeros; 00 00 02 is data.
    EXPECT_EQ(split(kLong + kIdr + raw({0, 0})), std::vector<std::string>{kIdr});
    EXPECT_EQ(split(kLong + kIdr + raw({0, 0, 2})), std::vector<std::string>{kIdr + raw({0, 0, 2})});
    EXPECT_EQ(split(kLong + kSps + raw({0})), std::vector<std::string>{kSps});
}

TEST(AnnexB, ALoneStartCodeGivesNoUnits) {
    EXPECT_TRUE(splitAnnexB(kShort).empty());
    EXPECT_TRUE(splitAnnexB(kLong).empty());
    EXPECT_TRUE(splitAnnexB(kLong + kShort + kLong).empty());
}

TEST(AnnexB, FindsStartCodesBehindBytesTheFastSkipPasses) {
    // Bytes above 1 (0x80 and up too) let the scan jump; a start code right after must still be found.
    const std::string high = raw({0xFF, 0x80, 0x02, 0x7F, 0xFE});
    for (std::size_t lead = 0; lead <= high.size(); ++lead) {
        const std::string first = kIdr + high.substr(0, lead);
        EXPECT_EQ(split(kShort + first + kShort + kPps), (std::vector<std::string>{first, kPps})) << lead;
        EXPECT_EQ(split(kShort + first + kLong + kPps), (std::vector<std::string>{first, kPps})) << lead;
    }
}

}  // namespace
}  // namespace sockstream::codec
