#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <Poco/JSON/Object.h>

#include "sockstream/plugin/Services.h"

namespace sockstream::core {

/// Services plugins provide to each other, dropped when the provider unloads.
class ServicesRegistry {
public:
    void provide(const std::string& owner, std::string_view name, std::shared_ptr<void> service);
    std::shared_ptr<void> find(std::string_view name) const;
    void removeOwner(const std::string& owner);
    std::unique_ptr<Services> viewFor(const std::string& owner);

private:
    mutable std::mutex _mutex;
    std::map<std::string, std::pair<std::string, std::shared_ptr<void>>, std::less<>> _services;  // name -> owner, service
};

/// Each plugin's entry in GET /api/features.
class FeatureRegistry {
public:
    void declare(const std::string& plugin, const Poco::JSON::Object& description);
    void remove(const std::string& plugin);
    bool has(const std::string& plugin) const;
    /// {"<plugin>": {...}} for every plugin that is running.
    Poco::JSON::Object::Ptr snapshot() const;

private:
    mutable std::mutex _mutex;
    std::map<std::string, Poco::JSON::Object> _features;
};

}  // namespace sockstream::core
