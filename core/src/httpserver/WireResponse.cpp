#include "httpserver/WireResponse.h"

#include <charconv>
#include <cstdint>

#include <boost/beast/http/status.hpp>

#include "httpserver/HttpDate.h"
#include "sockstream/Version.h"
#include "util/Text.h"

namespace sockstream::core {
namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string_view withoutWeakPrefix(std::string_view tag) {
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
    return tag;
}

/// Weak comparison, as RFC 9110 asks for If-None-Match.
bool etagMatches(std::string_view ifNoneMatch, std::string_view etag) {
    if (trimmed(ifNoneMatch) == "*") return true;
    std::string_view ours = withoutWeakPrefix(trimmed(etag));
    while (!ifNoneMatch.empty()) {
        std::size_t comma = ifNoneMatch.find(',');
        std::string_view candidate = trimmed(ifNoneMatch.substr(0, comma));
        if (!candidate.empty() && withoutWeakPrefix(candidate) == ours) return true;
        if (comma == std::string_view::npos) break;
        ifNoneMatch.remove_prefix(comma + 1);
    }
    return false;
}

bool parseNumber(std::string_view text, std::uint64_t& value) {
    if (text.empty()) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

enum class RangeOutcome { Ignore, Satisfiable, Unsatisfiable };

/// One "bytes=" range. Anything else (other units, several ranges, bad syntax)
/// is ignored and the whole body is sent, as RFC 9110 allows.
RangeOutcome parseRange(std::string_view header, std::uint64_t size, std::uint64_t& first, std::uint64_t& last) {
    header = trimmed(header);
    constexpr std::string_view prefix = "bytes=";
    if (header.size() < prefix.size() || !equalsIgnoreCase(header.substr(0, prefix.size()), prefix))
        return RangeOutcome::Ignore;
    std::string_view spec = trimmed(header.substr(prefix.size()));
    if (spec.find(',') != std::string_view::npos) return RangeOutcome::Ignore;
    std::size_t dash = spec.find('-');
    if (dash == std::string_view::npos) return RangeOutcome::Ignore;
    std::string_view startText = trimmed(spec.substr(0, dash));
    std::string_view endText = trimmed(spec.substr(dash + 1));
    if (startText.empty()) {
        std::uint64_t suffix = 0;
        if (!parseNumber(endText, suffix)) return RangeOutcome::Ignore;
        if (suffix == 0 || size == 0) return RangeOutcome::Unsatisfiable;
        first = suffix >= size ? 0 : size - suffix;
        last = size - 1;
        return RangeOutcome::Satisfiable;
    }
    if (!parseNumber(startText, first)) return RangeOutcome::Ignore;
    if (endText.empty()) {
        last = size == 0 ? 0 : size - 1;
    } else {
        if (!parseNumber(endText, last) || last < first) return RangeOutcome::Ignore;
        if (size > 0 && last >= size) last = size - 1;
    }
    if (first >= size) return RangeOutcome::Unsatisfiable;
    return RangeOutcome::Satisfiable;
}

bool isOwnedByServer(std::string_view name) {
    return equalsIgnoreCase(name, "Content-Length") || equalsIgnoreCase(name, "Date") ||
           equalsIgnoreCase(name, "Server") || equalsIgnoreCase(name, "Connection") ||
           equalsIgnoreCase(name, "Transfer-Encoding");
}

/// A CR or LF in a header would let a handler's input split the response.
bool isSafeHeaderText(std::string_view text) {
    return text.find_first_of("\r\n", 0) == std::string_view::npos && text.find('\0') == std::string_view::npos;
}

void appendHeader(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append("\r\n");
}

void appendNumber(std::string& out, std::uint64_t value) {
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end);
}

}  // namespace

WireResponse WireResponse::build(const HttpResponse& response, const RequestFacts& facts) {
    WireResponse wire;
    wire.status = response.status;
    wire.keepAlive = facts.keepAlive;
    std::string_view body = response.body();
    std::string contentRange;

    const std::string* etag = response.findHeader("ETag");
    if (const std::string* connection = response.findHeader("Connection");
        connection && equalsIgnoreCase(trimmed(*connection), "close"))
        wire.keepAlive = false;

    if (response.status == 200 && etag && facts.ifNoneMatch && etagMatches(*facts.ifNoneMatch, *etag)) {
        wire.status = 304;
        body = {};
    } else if (response.status == 200 && response.rangesAllowed() && facts.range &&
               (!facts.ifRange || (etag && trimmed(*facts.ifRange) == trimmed(*etag)))) {
        std::uint64_t first = 0, last = 0;
        switch (parseRange(*facts.range, body.size(), first, last)) {
        case RangeOutcome::Satisfiable:
            wire.status = 206;
            contentRange = "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                           std::to_string(body.size());
            body = body.substr(first, last - first + 1);
            break;
        case RangeOutcome::Unsatisfiable:
            wire.status = 416;
            contentRange = "bytes */" + std::to_string(body.size());
            body = {};
            break;
        case RangeOutcome::Ignore:
            break;
        }
    }

    bool bodyless = wire.status == 304 || wire.status == 204 || (wire.status >= 100 && wire.status < 200);
    if (bodyless) body = {};

    std::string& head = wire.head;
    head.reserve(256 + response.headers.size() * 48);
    head.append("HTTP/1.1 ");
    appendNumber(head, static_cast<std::uint64_t>(wire.status));
    head.push_back(' ');
    head.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(wire.status)));
    head.append("\r\n");
    appendHeader(head, "Server", "SockStream/" SOCKSTREAM_VERSION_STRING);
    appendHeader(head, "Date", currentHttpDate());
    bool typeOptionsSet = false;
    for (const auto& [name, value] : response.headers) {
        if (isOwnedByServer(name) || !isSafeHeaderText(name) || !isSafeHeaderText(value)) continue;
        typeOptionsSet = typeOptionsSet || equalsIgnoreCase(name, "X-Content-Type-Options");
        if (wire.status == 416 && equalsIgnoreCase(name, "Content-Type")) continue;
        appendHeader(head, name, value);
    }
    // No answer may be sniffed into another type (an upload or a JSON error rendered as HTML).
    if (!typeOptionsSet) appendHeader(head, "X-Content-Type-Options", "nosniff");
    if (!contentRange.empty()) appendHeader(head, "Content-Range", contentRange);
    if (!bodyless) {
        head.append("Content-Length: ");
        appendNumber(head, body.size());
        head.append("\r\n");
    }
    if (!wire.keepAlive) appendHeader(head, "Connection", "close");
    head.append("\r\n");

    wire.body = facts.head ? std::string_view{} : body;
    if (const SealedBytes* sealed = response.sealedBody(); sealed && sealed->fileDescriptor() >= 0 && !wire.body.empty()) {
        wire.bodyFile = sealed->fileDescriptor();
        wire.bodyFileOffset = static_cast<std::uint64_t>(wire.body.data() - sealed->view().data());
    }
    return wire;
}

}  // namespace sockstream::core
