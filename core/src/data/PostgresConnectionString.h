#pragma once

#include <string>

namespace sockstream::core {

/// Turns a deployer's PostgreSQL address into what Poco 1.11's connector takes.
/// libpq parses the input, so both of its forms work: a URI
/// (postgresql://user:pass@host:port/db?sslmode=require, percent-encoded) and
/// key=value pairs. Poco splits its string at every space and passes the rest
/// to libpq, so the result is space-separated key=value pairs with libpq's
/// backslash escapes; a value that contains whitespace cannot travel that way
/// and is refused (the password can come from PGPASSWORD or ~/.pgpass instead).
/// Throws std::invalid_argument with libpq's reason, never the password.
std::string toPocoPostgresConnectionString(const std::string& urlOrKeyValues);

/// The same address for logs: every option but the password.
std::string describePostgresConnection(const std::string& urlOrKeyValues);

}  // namespace sockstream::core
