#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sockstream/health/Health.h"

namespace sockstream::core {

/// The checks plugins report through their Health view, read by GET /healthz.
class HealthRegistry {
public:
    struct Failure {
        std::string check;   ///< "<owner>.<check>"
        std::string reason;
    };

    void pass(const std::string& owner, const std::string& check);
    void fail(const std::string& owner, const std::string& check, const std::string& reason);
    void removeOwner(const std::string& owner);
    /// The checks failing now, by name.
    std::vector<Failure> failures() const;
    std::unique_ptr<Health> viewFor(const std::string& owner);

private:
    mutable std::mutex _mutex;
    std::map<std::string, std::string> _failing;  ///< "<owner>.<check>" -> reason
};

}  // namespace sockstream::core
