#include "data/PostgresPlaceholders.h"

#include <cctype>
#include <stdexcept>

namespace sockstream::core {

namespace {

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }

/// `$3` is a parameter; `price$3` is an identifier PostgreSQL allows.
bool isNumberedPlaceholder(const std::string& sql, std::size_t i) {
    return sql[i] == '$' && i + 1 < sql.size() && isDigit(sql[i + 1]) && (i == 0 || !isIdentifierChar(sql[i - 1]));
}

/// Index just past the quoted text or comment that starts at `start`, or `start` when none does.
std::size_t skipLiteral(const std::string& sql, std::size_t start) {
    char c = sql[start];
    char next = start + 1 < sql.size() ? sql[start + 1] : '\0';
    if (c == '\'' || c == '"') {
        // A doubled quote inside is an escaped quote: it closes and reopens, which this handles.
        std::size_t end = sql.find(c, start + 1);
        return end == std::string::npos ? sql.size() : end + 1;
    }
    if (c == '-' && next == '-') {
        std::size_t end = sql.find('\n', start);
        return end == std::string::npos ? sql.size() : end + 1;
    }
    if (c == '/' && next == '*') {
        std::size_t end = sql.find("*/", start + 2);
        return end == std::string::npos ? sql.size() : end + 2;
    }
    return start;
}

}  // namespace

std::string toPostgresPlaceholders(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    int questionMarks = 0;
    bool numbered = false;
    for (std::size_t i = 0; i < sql.size();) {
        if (std::size_t end = skipLiteral(sql, i); end != i) {
            out.append(sql, i, end - i);
            i = end;
            continue;
        }
        char c = sql[i];
        if (c == '?') {
            out += '$' + std::to_string(++questionMarks);
        } else {
            if (isNumberedPlaceholder(sql, i)) numbered = true;
            out += c;
        }
        ++i;
    }
    if (questionMarks > 0 && numbered)
        throw std::invalid_argument("SQL mixes ? and $n placeholders: " + sql);
    return out;
}

}  // namespace sockstream::core
