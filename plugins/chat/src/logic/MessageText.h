#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::chat {

/// The rules for a chat message's text: valid UTF-8, trimmed of surrounding
/// whitespace, 1..maxCharacters code points, no control characters (C0, DEL
/// and C1) but newline/tab, and no bidi controls (U+202A..U+202E,
/// U+2066..U+2069), which display names refuse too. The UTF-8 and control
/// rules are the shared ones of libs/text (sockstream-text/Utf8.h).
class MessageText {
public:
    /// The normalised text, or nullopt when it breaks a rule.
    static std::optional<std::string> normalize(std::string_view text, std::size_t maxCharacters);
    /// Code points in valid UTF-8, or nullopt when it is not valid UTF-8.
    static std::optional<std::size_t> countCodePoints(std::string_view text);
    /// True when the text holds a bidi embedding, override or isolate: the
    /// rule broken, so the sender can be told which one.
    static bool hasBidiControl(std::string_view text);
};

}  // namespace sockstream::chat
