#include "data/PostgresConnectionString.h"

#include <libpq-fe.h>

#include <cctype>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace sockstream::core {

namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

/// The options the deployer set, in libpq's order.
Options parse(const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw std::invalid_argument("the PostgreSQL URL is empty");
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(text.c_str(), &error),
                                                                         &PQconninfoFree);
    if (!options) {
        std::string reason = error ? error : "out of memory";
        PQfreemem(error);
        while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back()))) reason.pop_back();
        throw std::invalid_argument("not a PostgreSQL URL or key=value list: " + reason);
    }
    Options set;
    for (PQconninfoOption* option = options.get(); option->keyword; ++option)
        if (option->val && *option->val) set.emplace_back(option->keyword, option->val);
    return set;
}

bool hasWhitespace(const std::string& value) {
    for (char c : value)
        if (std::isspace(static_cast<unsigned char>(c))) return true;
    return false;
}

}  // namespace

std::string toPocoPostgresConnectionString(const std::string& urlOrKeyValues) {
    std::string result;
    for (const auto& [key, value] : parse(urlOrKeyValues)) {
        if (hasWhitespace(value))
            throw std::invalid_argument("the PostgreSQL option \"" + key +
                                        "\" contains whitespace, which Poco's PostgreSQL connector cannot pass" +
                                        (key == "password" ? " (set PGPASSWORD or use ~/.pgpass instead)" : ""));
        if (!result.empty()) result += ' ';
        result += key + '=';
        for (char c : value) {
            if (c == '\\' || c == '\'') result += '\\';
            result += c;
        }
    }
    return result;
}

std::string describePostgresConnection(const std::string& urlOrKeyValues) {
    std::string result;
    for (const auto& [key, value] : parse(urlOrKeyValues)) {
        if (key == "password") continue;
        if (!result.empty()) result += ' ';
        result += key + '=' + value;
    }
    return result;
}

}  // namespace sockstream::core
