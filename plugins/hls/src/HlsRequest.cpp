#include "HlsRequest.h"

#include <vector>

namespace sockstream::hls {

namespace {

bool isTokenChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

bool isGeneration(std::string_view text) {
    if (text.empty() || text.size() > RequestLimits::kMaxGeneration) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return false;
    return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    while (true) {
        auto at = text.find(separator, start);
        pieces.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
        if (pieces.size() > 8) break;  // no valid name has this many pieces
    }
    return pieces;
}

Parsed<Resource> notFound(std::string reason) {
    return {ParseStatus::NotFound, {}, std::move(reason)};
}

Parsed<Resource> badRequest(std::string reason) {
    return {ParseStatus::BadRequest, {}, std::move(reason)};
}

}  // namespace

std::optional<std::int64_t> HlsRequest::parseDecimal(std::string_view text, std::size_t maxDigits) {
    if (text.empty() || text.size() > maxDigits) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool HlsRequest::isValidRoomId(std::string_view roomId) {
    if (roomId.empty() || roomId.size() > RequestLimits::kMaxRoomId) return false;
    for (char c : roomId)
        if (!isTokenChar(c)) return false;
    return true;
}

Parsed<Resource> HlsRequest::parseResource(std::string_view file) {
    if (file.size() > RequestLimits::kMaxFileName) return notFound("no such file");
    if (file.find('/') != std::string_view::npos || file.find('\\') != std::string_view::npos ||
        file.find("..") != std::string_view::npos || file.find('\0') != std::string_view::npos)
        return badRequest("paths may not contain separators or '..'");
    if (file == "index.m3u8") return {ParseStatus::Ok, Resource{ResourceKind::Multivariant, {}, 0, 0, "m3u8"}, {}};
    if (file == "media.m3u8") return {ParseStatus::Ok, Resource{ResourceKind::MediaPlaylist, {}, 0, 0, "m3u8"}, {}};

    auto dot = file.find('.');
    if (dot == std::string_view::npos) return notFound("no such file");
    std::string_view stem = file.substr(0, dot);
    std::string_view extension = file.substr(dot + 1);
    auto pieces = split(stem, '-');
    if (pieces.size() < 3 || !isGeneration(pieces[1])) return notFound("no such file");

    Resource resource;
    resource.generation = std::string(pieces[1]);
    resource.extension = std::string(extension);
    auto number = parseDecimal(pieces[2], RequestLimits::kMaxSequenceDigits);
    if (!number) return notFound("no such file");
    resource.number = *number;

    if (pieces[0] == "seg" && pieces.size() == 3 && (extension == "ts" || extension == "m4s")) {
        resource.kind = ResourceKind::Segment;
    } else if (pieces[0] == "part" && pieces.size() == 4 && extension == "m4s") {
        auto part = parseDecimal(pieces[3], RequestLimits::kMaxPartDigits);
        if (!part) return notFound("no such file");
        resource.kind = ResourceKind::Part;
        resource.part = static_cast<int>(*part);
    } else if (pieces[0] == "init" && pieces.size() == 3 && extension == "mp4") {
        resource.kind = ResourceKind::Init;
    } else {
        return notFound("no such file");
    }
    return {ParseStatus::Ok, std::move(resource), {}};
}

Parsed<ReloadDirective> HlsRequest::parseDirective(const std::optional<std::string>& msn,
                                                   const std::optional<std::string>& part) {
    Parsed<ReloadDirective> result;
    if (part && !msn) {
        result.status = ParseStatus::BadRequest;
        result.reason = "_HLS_part requires _HLS_msn";
        return result;
    }
    if (msn) {
        auto value = parseDecimal(*msn, RequestLimits::kMaxSequenceDigits);
        if (!value) {
            result.status = ParseStatus::BadRequest;
            result.reason = "_HLS_msn must be a decimal integer of at most 15 digits";
            return result;
        }
        result.value.msn = *value;
    }
    if (part) {
        auto value = parseDecimal(*part, RequestLimits::kMaxPartDigits);
        if (!value) {
            result.status = ParseStatus::BadRequest;
            result.reason = "_HLS_part must be a decimal integer of at most 4 digits";
            return result;
        }
        result.value.part = static_cast<int>(*value);
    }
    return result;
}

std::string HlsRequest::segmentName(std::string_view generation, std::int64_t msn, std::string_view extension) {
    return "seg-" + std::string(generation) + "-" + std::to_string(msn) + "." + std::string(extension);
}

std::string HlsRequest::partName(std::string_view generation, std::int64_t msn, int part) {
    return "part-" + std::string(generation) + "-" + std::to_string(msn) + "-" + std::to_string(part) + ".m4s";
}

std::string HlsRequest::initName(std::string_view generation, std::int64_t id) {
    return "init-" + std::string(generation) + "-" + std::to_string(id) + ".mp4";
}

}  // namespace sockstream::hls
