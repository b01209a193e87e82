#include "sockstream/http/HttpRequest.h"

#include "util/Text.h"

namespace sockstream {

std::optional<std::string> HttpRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (core::equalsIgnoreCase(key, name)) return value;
    return std::nullopt;
}

std::optional<std::string> HttpRequest::cookie(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (!core::equalsIgnoreCase(key, "cookie")) continue;
        std::string_view rest(value);
        while (!rest.empty()) {
            std::size_t end = rest.find(';');
            std::string_view pair = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
            std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos) continue;
            if (core::trim(pair.substr(0, eq)) == name) {
                std::string cookieValue = core::trim(pair.substr(eq + 1));
                if (cookieValue.size() >= 2 && cookieValue.front() == '"' && cookieValue.back() == '"')
                    cookieValue = cookieValue.substr(1, cookieValue.size() - 2);
                return cookieValue;
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> HttpRequest::queryParam(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

const std::string& HttpRequest::param(const std::string& name) const {
    static const std::string kEmpty;
    auto it = params.find(name);
    return it == params.end() ? kEmpty : it->second;
}

}  // namespace sockstream
