#pragma once

#include <string>

namespace sockstream::core {

/// SockStream's one placeholder rule: every statement, in the core and in
/// plugins, is written with positional `?` placeholders, as SQLite takes them.
/// Poco 1.11's PostgreSQL connector passes the text to PQprepare unchanged, and
/// PostgreSQL only knows `$1, $2, ...`; the PostgreSQL database rewrites each
/// `?` outside quotes and comments to `$n`, numbered in order of appearance.
/// A statement already written with `$n` (and no `?`) passes unchanged; one that
/// mixes both throws std::invalid_argument, since the numbering would be ambiguous.
std::string toPostgresPlaceholders(const std::string& sql);

}  // namespace sockstream::core
