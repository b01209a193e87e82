#include "sockstream-config/NearestKey.h"

#include <gtest/gtest.h>

using sockstream::lib::config::editDistance;
using sockstream::lib::config::nearestKey;

TEST(EditDistance, CountsInsertionsDeletionsReplacementsAndSwaps) {
    EXPECT_EQ(editDistance("historySize", "historySize"), 0u);
    EXPECT_EQ(editDistance("historySze", "historySize"), 1u);   // deletion
    EXPECT_EQ(editDistance("historySizee", "historySize"), 1u); // insertion
    EXPECT_EQ(editDistance("historySixe", "historySize"), 1u);  // replacement
    EXPECT_EQ(editDistance("hsitorySize", "historySize"), 1u);  // two neighbours swapped
    EXPECT_EQ(editDistance("", "port"), 4u);
    EXPECT_EQ(editDistance("HTTPPORT", "httpPort"), 0u) << "letter case is free";
}

TEST(NearestKey, SuggestsTheKeyOneOrTwoEditsAway) {
    const std::vector<std::string> known{"historySize", "maxMessageLength", "pingIntervalMs"};
    EXPECT_EQ(nearestKey("historySze", known), "historySize");
    EXPECT_EQ(nearestKey("maxMesageLenght", known), "maxMessageLength");
    EXPECT_EQ(nearestKey("pingintervalms", known), "pingIntervalMs");
}

TEST(NearestKey, SuggestsNothingForAFarOrShortName) {
    const std::vector<std::string> known{"host", "port", "enabled"};
    EXPECT_EQ(nearestKey("colour", known), std::nullopt);
    EXPECT_EQ(nearestKey("ab", known), std::nullopt);
    EXPECT_EQ(nearestKey("prot", {"host"}), std::nullopt) << "two edits in four letters is another word";
    EXPECT_EQ(nearestKey("prot", known), "port") << "a swap is one edit";
    EXPECT_EQ(nearestKey("x", {}), std::nullopt);
}

TEST(NearestKey, PrefersTheClosestAndThenTheFirst) {
    EXPECT_EQ(nearestKey("maxStream", {"maxStreams", "maxStreamz"}), "maxStreams");
    EXPECT_EQ(nearestKey("windowSegment", {"windowSegmentsX", "windowSegments"}), "windowSegments");
}
