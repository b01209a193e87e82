#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sockstream::hls::test {

/// An independent reading of a media playlist, strict enough to fail tests on
/// malformed output (it shares no code with PlaylistWriter).
struct ParsedPart {
    double duration = 0;
    std::string uri;
    bool independent = false;
};

struct ParsedSegment {
    double duration = 0;
    std::string uri;          ///< empty for the open segment (parts only)
    std::string map;          ///< EXT-X-MAP in force
    bool discontinuity = false;
    std::string programDateTime;
    std::vector<ParsedPart> parts;
};

struct ParsedPlaylist {
    int version = 0;
    int targetDuration = -1;
    double partTarget = 0;
    std::int64_t mediaSequence = -1;
    std::int64_t discontinuitySequence = 0;
    std::map<std::string, std::string> serverControl;
    std::string preloadHint;
    bool endList = false;
    bool independentSegments = false;
    std::optional<double> startOffset;  ///< EXT-X-START TIME-OFFSET
    std::string startPrecise;
    std::vector<ParsedSegment> segments;
    std::vector<std::string> errors;  ///< empty when valid
};

class PlaylistParser {
public:
    static ParsedPlaylist parse(const std::string& text);
    /// KEY=VALUE,KEY="VALUE" attribute lists.
    static std::map<std::string, std::string> attributes(const std::string& list);
};

}  // namespace sockstream::hls::test
