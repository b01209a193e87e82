#include "RecordingId.h"

#include <charconv>

#include "sockstream/util/Random.h"

namespace sockstream::recordings {

namespace {
constexpr std::size_t kIdLength = 20;
}

bool isRecordingId(std::string_view text) {
    if (text.size() != kIdLength) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string newRecordingId() {
    static constexpr char kDigits[] = "0123456789abcdef";
    const std::string bytes = secureRandomBytes(kIdLength / 2);
    std::string id;
    id.reserve(kIdLength);
    for (unsigned char byte : bytes) {
        id.push_back(kDigits[byte >> 4]);
        id.push_back(kDigits[byte & 0x0F]);
    }
    return id;
}

std::optional<MediaFile> parseMediaFile(std::string_view name) {
    if (name == "index.m3u8") return MediaFile{MediaFile::Kind::Playlist};
    if (name == "init.mp4") return MediaFile{MediaFile::Kind::Init};
    if (name == "poster.jpg") return MediaFile{MediaFile::Kind::Poster};
    if (name == "download.mp4") return MediaFile{MediaFile::Kind::Download};
    constexpr std::string_view suffix = ".m4s";
    if (name.size() <= suffix.size() || name.size() > suffix.size() + 9 || !name.ends_with(suffix)) return std::nullopt;
    const std::string_view digits = name.substr(0, name.size() - suffix.size());
    if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
    long long value = -1;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
    return MediaFile{MediaFile::Kind::Segment, value};
}

}  // namespace sockstream::recordings
