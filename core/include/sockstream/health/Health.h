#pragma once

#include <string>

namespace sockstream {

/// Named health checks a plugin reports, shown by GET /healthz: while any
/// check fails, /healthz answers 503 with the check's reason, and 200 again
/// once every check passes. A plugin reports changes as it sees them (e.g.
/// after each database commit); a check never reported counts as passing.
/// Thread-safe; the core drops a plugin's checks when it unloads.
class Health {
public:
    virtual ~Health() = default;
    /// `check` is short and stable, e.g. "database"; /healthz lists it as
    /// "<plugin>.<check>".
    virtual void pass(const std::string& check) = 0;
    /// `reason` in words an operator can act on, e.g. "the database refuses
    /// writes: chat messages are not being saved". Shown publicly: no secrets.
    virtual void fail(const std::string& check, const std::string& reason) = 0;
};

}  // namespace sockstream
