#include "app/EscapingFormatter.h"

#include <Poco/Message.h>

namespace sockstream::core {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendHexByte(std::string& out, unsigned char byte) {
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
}

void appendCodePoint(std::string& out, unsigned codePoint) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(codePoint >> shift) & 0xF];
}

bool isContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

/// The length of the well-formed UTF-8 sequence at `text[i]`, 0 if there is none.
std::size_t sequenceLength(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
    if (length == 0 || i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k)
        if (!isContinuation(static_cast<unsigned char>(text[i + k]))) return 0;
    return length;
}

}  // namespace

std::string EscapingFormatter::escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7F) {
            out += static_cast<char>(byte);
            ++i;
        } else if (byte < 0x80) {
            if (byte == '\n') out += "\\n";
            else if (byte == '\r') out += "\\r";
            else if (byte == '\t') out += "\\t";
            else appendHexByte(out, byte);
            ++i;
        } else if (std::size_t length = sequenceLength(text, i)) {
            const auto second = static_cast<unsigned char>(text[i + 1]);
            const bool c1 = byte == 0xC2 && second >= 0x80 && second <= 0x9F;
            const bool separator = byte == 0xE2 && second == 0x80 &&
                                   (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                                    static_cast<unsigned char>(text[i + 2]) == 0xA9);
            if (c1) appendCodePoint(out, second);
            else if (separator) appendCodePoint(out, 0x2000u | (static_cast<unsigned char>(text[i + 2]) - 0x80u));
            else out.append(text.substr(i, length));
            i += length;
        } else {
            // Not UTF-8: a lone byte some terminals take for an 8-bit control.
            appendHexByte(out, byte);
            ++i;
        }
    }
    return out;
}

void EscapingFormatter::format(const Poco::Message& message, std::string& text) {
    const std::string& original = message.getText();
    bool clean = true;
    for (char c : original) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7F) {
            clean = false;
            break;
        }
    }
    if (clean) return Poco::PatternFormatter::format(message, text);
    Poco::Message escaped(message);
    escaped.setText(escape(original));
    Poco::PatternFormatter::format(escaped, text);
}

}  // namespace sockstream::core
