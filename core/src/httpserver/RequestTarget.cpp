#include "httpserver/RequestTarget.h"

namespace sockstream::core {
namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool isControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool fail(std::string* reason, const char* text) {
    if (reason) *reason = text;
    return false;
}

/// Decodes one path or query component. Encoded '/' and '.' are refused in
/// paths because they would let a request name a file the raw path hides.
bool decode(std::string_view in, bool isPath, std::string& out, std::string* reason) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(in[i]);
        if (c == '%') {
            if (i + 2 >= in.size()) return fail(reason, "truncated percent escape");
            int high = hexValue(in[i + 1]);
            int low = hexValue(in[i + 2]);
            if (high < 0 || low < 0) return fail(reason, "malformed percent escape");
            c = static_cast<unsigned char>(high * 16 + low);
            i += 2;
            if (c == 0) return fail(reason, "NUL in target");
            if (isPath && c == '/') return fail(reason, "encoded slash in path");
            if (isPath && c == '.') return fail(reason, "encoded dot in path");
        } else if (c == '+' && !isPath) {
            c = ' ';
        }
        if (c == 0) return fail(reason, "NUL in target");
        if (c == '\\') return fail(reason, "backslash in target");
        if (isControl(c)) return fail(reason, "control character in target");
        out.push_back(static_cast<char>(c));
    }
    return true;
}

bool hasDotSegment(std::string_view path) {
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view segment = path.substr(start, end - start);
        if (segment == "." || segment == "..") return true;
        start = end + 1;
    }
    return false;
}

bool parseQuery(std::string_view raw, std::map<std::string, std::string>& query, std::string* reason) {
    std::size_t pairs = 0;
    std::string key;
    std::string value;
    while (!raw.empty()) {
        std::size_t amp = raw.find('&');
        std::string_view pair = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
        if (pair.empty()) continue;
        if (++pairs > RequestTarget::kMaxQueryParameters) return fail(reason, "too many query parameters");
        std::size_t eq = pair.find('=');
        if (!decode(pair.substr(0, eq), false, key, reason)) return false;
        if (eq == std::string_view::npos) value.clear();
        else if (!decode(pair.substr(eq + 1), false, value, reason)) return false;
        query[key] = value;
    }
    return true;
}

}  // namespace

std::optional<RequestTarget> RequestTarget::parse(std::string_view raw, std::string* reason) {
    if (raw.size() > kMaxTargetBytes) { fail(reason, "target too long"); return std::nullopt; }
    if (raw.empty() || raw.front() != '/') { fail(reason, "target must start with '/'"); return std::nullopt; }
    if (raw.find('\0') != std::string_view::npos) { fail(reason, "NUL in target"); return std::nullopt; }
    if (raw.find('#') != std::string_view::npos) { fail(reason, "fragment in target"); return std::nullopt; }

    std::size_t questionMark = raw.find('?');
    RequestTarget target;
    if (!decode(raw.substr(0, questionMark), true, target.path, reason)) return std::nullopt;
    if (hasDotSegment(target.path)) { fail(reason, "dot segment in path"); return std::nullopt; }
    if (questionMark != std::string_view::npos &&
        !parseQuery(raw.substr(questionMark + 1), target.query, reason))
        return std::nullopt;
    return target;
}

}  // namespace sockstream::core
