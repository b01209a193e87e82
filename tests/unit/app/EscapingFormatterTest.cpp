#include <gtest/gtest.h>

#include <Poco/Message.h>

#include "app/EscapingFormatter.h"

using sockstream::core::EscapingFormatter;

TEST(EscapingFormatter, NewlinesCannotStartAForgedLine) {
    EXPECT_EQ(EscapingFormatter::escape("command 'x\n2026-01-01T00:00:00.000Z Notice fake: signed in' before connect"),
              "command 'x\\n2026-01-01T00:00:00.000Z Notice fake: signed in' before connect");
    EXPECT_EQ(EscapingFormatter::escape("a\r\nb\tc"), "a\\r\\nb\\tc");
}

TEST(EscapingFormatter, OtherControlsBecomeHex) {
    EXPECT_EQ(EscapingFormatter::escape(std::string("\x1b[2J\x07\x7f", 6)), "\\x1b[2J\\x07\\x7f");
    EXPECT_EQ(EscapingFormatter::escape(std::string("nul\0byte", 8)), "nul\\x00byte");
}

TEST(EscapingFormatter, C1ControlsAndLineSeparatorsAreEscaped) {
    EXPECT_EQ(EscapingFormatter::escape("a\xc2\x85" "b"), "a\\u0085b") << "NEL, encoded as UTF-8";
    EXPECT_EQ(EscapingFormatter::escape("a\xc2\x9b" "31m"), "a\\u009b31m") << "CSI";
    EXPECT_EQ(EscapingFormatter::escape("a\xe2\x80\xa8" "b\xe2\x80\xa9"), "a\\u2028b\\u2029");
    EXPECT_EQ(EscapingFormatter::escape("raw \x9b byte"), "raw \\x9b byte") << "not UTF-8";
    EXPECT_EQ(EscapingFormatter::escape("cut \xe2\x80"), "cut \\xe2\\x80") << "a truncated sequence";
}

TEST(EscapingFormatter, PrintableTextAndUtf8PassUnchanged) {
    EXPECT_EQ(EscapingFormatter::escape("rtmp 127.0.0.1 room r_1: publishing"), "rtmp 127.0.0.1 room r_1: publishing");
    EXPECT_EQ(EscapingFormatter::escape("Zoë streams 直播 🎥"), "Zoë streams 直播 🎥");
    EXPECT_EQ(EscapingFormatter::escape("back\\slash"), "back\\slash");
}

TEST(EscapingFormatter, FormatsTheMessageTextEscaped) {
    EscapingFormatter formatter("%p %s: %t");
    Poco::Message message("sockstream.rtmp", "closing: command 'x\nFAKE' before connect", Poco::Message::PRIO_WARNING);
    std::string line;
    formatter.format(message, line);
    EXPECT_EQ(line, "Warning sockstream.rtmp: closing: command 'x\\nFAKE' before connect");
    EXPECT_EQ(line.find('\n'), std::string::npos);
}
