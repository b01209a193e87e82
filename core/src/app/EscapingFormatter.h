#pragma once

#include <string>
#include <string_view>

#include <Poco/PatternFormatter.h>

namespace sockstream::core {

/// The server's log format, with control characters in the message text
/// escaped: many log lines carry client input (an RTMP command name, a
/// header), and a raw newline there would let a client forge a whole line,
/// an ESC sequence rewrite an operator's terminal. Escaping once, here, covers
/// every logger of the core and the plugins.
class EscapingFormatter : public Poco::PatternFormatter {
public:
    explicit EscapingFormatter(const std::string& pattern) : Poco::PatternFormatter(pattern) {}
    void format(const Poco::Message& message, std::string& text) override;

    /// C0 controls, DEL, C1 controls (U+0080..U+009F, and stray bytes 0x80..0x9F
    /// that are not UTF-8) and the Unicode line and paragraph separators become
    /// \n, \r, \t, \xHH or \uHHHH; other UTF-8 passes unchanged.
    static std::string escape(std::string_view text);
};

}  // namespace sockstream::core
