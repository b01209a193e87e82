#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oidc/OidcError.h"
#include "oidc/ProviderHttp.h"

namespace sockstream::authgoogle::test {

/// Answers by URL from a table and records every call.
class FakeProviderHttp : public ProviderHttp {
public:
    struct Call {
        std::string method;
        std::string url;
        std::string body;
        std::optional<std::string> authorization;
    };

    std::map<std::string, ProviderHttpResponse> answers;
    std::vector<Call> calls;

    ProviderHttpResponse get(const std::string& url, std::size_t) override {
        calls.push_back({"GET", url, "", std::nullopt});
        return answer(url);
    }
    ProviderHttpResponse getAuthorized(const std::string& url, const std::string& authorization,
                                       std::size_t) override {
        calls.push_back({"GET", url, "", authorization});
        return answer(url);
    }
    ProviderHttpResponse postForm(const std::string& url, const std::string& body,
                                  const std::optional<std::string>& authorization, std::size_t) override {
        calls.push_back({"POST", url, body, authorization});
        return answer(url);
    }
    int count(const std::string& url) const {
        int n = 0;
        for (const auto& call : calls) n += call.url == url;
        return n;
    }

private:
    ProviderHttpResponse answer(const std::string& url) {
        auto it = answers.find(url);
        if (it == answers.end()) throw OidcError(502, "provider_unreachable", "no route to " + url);
        return it->second;
    }
};

}  // namespace sockstream::authgoogle::test
