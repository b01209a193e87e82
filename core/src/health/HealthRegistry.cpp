#include "health/HealthRegistry.h"

namespace sockstream::core {

namespace {

std::string fullName(const std::string& owner, const std::string& check) { return owner + "." + check; }

/// One plugin's Health: every check it names is filed under the plugin.
class HealthView : public Health {
public:
    HealthView(HealthRegistry& registry, std::string owner) : _registry(registry), _owner(std::move(owner)) {}
    void pass(const std::string& check) override { _registry.pass(_owner, check); }
    void fail(const std::string& check, const std::string& reason) override { _registry.fail(_owner, check, reason); }

private:
    HealthRegistry& _registry;
    std::string _owner;
};

}  // namespace

void HealthRegistry::pass(const std::string& owner, const std::string& check) {
    std::lock_guard lock(_mutex);
    _failing.erase(fullName(owner, check));
}

void HealthRegistry::fail(const std::string& owner, const std::string& check, const std::string& reason) {
    std::lock_guard lock(_mutex);
    _failing[fullName(owner, check)] = reason;
}

void HealthRegistry::removeOwner(const std::string& owner) {
    std::lock_guard lock(_mutex);
    const std::string prefix = owner + ".";
    std::erase_if(_failing, [&](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; });
}

std::vector<HealthRegistry::Failure> HealthRegistry::failures() const {
    std::lock_guard lock(_mutex);
    std::vector<Failure> out;
    for (const auto& [check, reason] : _failing) out.push_back(Failure{check, reason});
    return out;
}

std::unique_ptr<Health> HealthRegistry::viewFor(const std::string& owner) {
    return std::make_unique<HealthView>(*this, owner);
}

}  // namespace sockstream::core
