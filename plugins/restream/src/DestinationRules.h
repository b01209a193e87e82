#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sockstream::restream {

/// What an owner may save as a destination, and how its secret is shown.
/// Pure functions on text: the HTTP routes and the unit tests share them.
struct DestinationRules {
    static constexpr std::size_t kMaxNameLength = 80;
    static constexpr std::size_t kMaxUrlLength = 512;
    static constexpr std::size_t kMaxKeyLength = 512;
    /// What redact() puts where the key was.
    static constexpr std::string_view kRedactionMark = "<key>";

    /// Nothing when `name` is acceptable, else why not (words for the owner).
    static std::optional<std::string> checkName(std::string_view name);
    /// Only rtmp:// and rtmps:// with a host; no spaces, control characters,
    /// query or fragment (the key goes after the path), within kMaxUrlLength.
    static std::optional<std::string> checkUrl(std::string_view url);
    /// Printable ASCII without spaces or '/', '?', '#' (it becomes the last path segment).
    static std::optional<std::string> checkKey(std::string_view key);

    /// Where FFmpeg publishes: the URL, one '/', the key.
    static std::string publishUrl(std::string_view url, std::string_view key);
    /// "rtmp" or "rtmps" and the host[:port] of a checked URL, for logs and
    /// the UI: never the path, which some services put a secret in.
    static std::string scheme(std::string_view url);
    static std::string hostOf(std::string_view url);

    /// What the API shows of a saved key: its last 4 characters behind dots
    /// when it is long enough that they give nothing away, only dots otherwise.
    static std::string maskKey(std::string_view key);
    /// `text` with every occurrence of `secret` (and of the URL carrying it)
    /// replaced, for error words from FFmpeg that may quote what it opened.
    static std::string redact(std::string text, std::string_view secret);
};

}  // namespace sockstream::restream
