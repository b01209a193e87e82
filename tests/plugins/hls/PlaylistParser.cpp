#include "PlaylistParser.h"

#include <cmath>
#include <regex>
#include <sstream>

namespace sockstream::hls::test {

std::map<std::string, std::string> PlaylistParser::attributes(const std::string& list) {
    std::map<std::string, std::string> values;
    static const std::regex pair(R"(([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*))");
    for (auto it = std::sregex_iterator(list.begin(), list.end(), pair); it != std::sregex_iterator(); ++it) {
        std::string value = (*it)[2];
        if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
        values[(*it)[1]] = value;
    }
    return values;
}

ParsedPlaylist PlaylistParser::parse(const std::string& text) {
    ParsedPlaylist playlist;
    std::istringstream in(text);
    std::string line;
    bool first = true;
    ParsedSegment current;
    bool pendingExtinf = false;
    std::string map;
    auto tagValue = [&](const std::string& tag) { return line.substr(tag.size()); };
    while (std::getline(in, line)) {
        if (first) {
            if (line != "#EXTM3U") playlist.errors.push_back("first line is not #EXTM3U");
            first = false;
            continue;
        }
        if (line.empty()) continue;
        if (line.rfind("#EXT-X-VERSION:", 0) == 0) playlist.version = std::stoi(tagValue("#EXT-X-VERSION:"));
        else if (line.rfind("#EXT-X-TARGETDURATION:", 0) == 0) playlist.targetDuration = std::stoi(tagValue("#EXT-X-TARGETDURATION:"));
        else if (line.rfind("#EXT-X-PART-INF:", 0) == 0) playlist.partTarget = std::stod(attributes(tagValue("#EXT-X-PART-INF:"))["PART-TARGET"]);
        else if (line.rfind("#EXT-X-SERVER-CONTROL:", 0) == 0) playlist.serverControl = attributes(tagValue("#EXT-X-SERVER-CONTROL:"));
        else if (line.rfind("#EXT-X-MEDIA-SEQUENCE:", 0) == 0) playlist.mediaSequence = std::stoll(tagValue("#EXT-X-MEDIA-SEQUENCE:"));
        else if (line.rfind("#EXT-X-DISCONTINUITY-SEQUENCE:", 0) == 0) playlist.discontinuitySequence = std::stoll(tagValue("#EXT-X-DISCONTINUITY-SEQUENCE:"));
        else if (line == "#EXT-X-DISCONTINUITY") current.discontinuity = true;
        else if (line == "#EXT-X-INDEPENDENT-SEGMENTS") playlist.independentSegments = true;
        else if (line.rfind("#EXT-X-START:", 0) == 0) {
            auto values = attributes(tagValue("#EXT-X-START:"));
            if (!values.count("TIME-OFFSET")) playlist.errors.push_back("EXT-X-START without TIME-OFFSET");
            else playlist.startOffset = std::stod(values["TIME-OFFSET"]);
            playlist.startPrecise = values["PRECISE"];
            if (!playlist.segments.empty() || !current.parts.empty()) playlist.errors.push_back("EXT-X-START after a segment");
        }
        else if (line.rfind("#EXT-X-MAP:", 0) == 0) map = attributes(tagValue("#EXT-X-MAP:"))["URI"];
        else if (line.rfind("#EXT-X-PROGRAM-DATE-TIME:", 0) == 0) {
            current.programDateTime = tagValue("#EXT-X-PROGRAM-DATE-TIME:");
            static const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
            if (!std::regex_match(current.programDateTime, iso)) playlist.errors.push_back("bad date " + current.programDateTime);
        } else if (line.rfind("#EXT-X-PART:", 0) == 0) {
            auto values = attributes(tagValue("#EXT-X-PART:"));
            if (!values.count("DURATION") || !values.count("URI")) playlist.errors.push_back("EXT-X-PART without DURATION/URI");
            ParsedPart part{values.count("DURATION") ? std::stod(values["DURATION"]) : 0, values["URI"], values["INDEPENDENT"] == "YES"};
            current.parts.push_back(part);
        } else if (line.rfind("#EXT-X-PRELOAD-HINT:", 0) == 0) {
            auto values = attributes(tagValue("#EXT-X-PRELOAD-HINT:"));
            if (values["TYPE"] != "PART") playlist.errors.push_back("preload hint is not TYPE=PART");
            playlist.preloadHint = values["URI"];
        } else if (line.rfind("#EXTINF:", 0) == 0) {
            std::string value = tagValue("#EXTINF:");
            if (value.empty() || value.back() != ',') playlist.errors.push_back("EXTINF without trailing comma");
            current.duration = std::stod(value);
            pendingExtinf = true;
        } else if (line == "#EXT-X-ENDLIST") {
            playlist.endList = true;
        } else if (line[0] == '#') {
            playlist.errors.push_back("unknown tag " + line);
        } else {
            if (!pendingExtinf) playlist.errors.push_back("URI without EXTINF: " + line);
            current.uri = line;
            current.map = map;
            playlist.segments.push_back(current);
            current = ParsedSegment{};
            pendingExtinf = false;
        }
    }
    if (pendingExtinf) playlist.errors.push_back("EXTINF without URI");
    if (!current.parts.empty()) {
        current.map = map;
        playlist.segments.push_back(current);  // the open segment
    }
    if (playlist.targetDuration < 1) playlist.errors.push_back("missing EXT-X-TARGETDURATION");
    if (playlist.mediaSequence < 0) playlist.errors.push_back("missing EXT-X-MEDIA-SEQUENCE");
    for (const auto& segment : playlist.segments) {
        if (!segment.uri.empty() && std::lround(segment.duration) > playlist.targetDuration)
            playlist.errors.push_back("segment longer than the target duration: " + segment.uri);
        for (const auto& part : segment.parts)
            if (playlist.partTarget > 0 && part.duration > playlist.partTarget + 1e-9)
                playlist.errors.push_back("part longer than PART-TARGET: " + part.uri);
    }
    return playlist;
}

}  // namespace sockstream::hls::test
