#include "plugin/ServicesRegistry.h"

#include <stdexcept>

namespace sockstream::core {

namespace {
class ServicesView : public Services {
public:
    ServicesView(ServicesRegistry& registry, std::string owner) : _registry(registry), _owner(std::move(owner)) {}
    void provideService(std::string_view name, std::shared_ptr<void> service) override {
        _registry.provide(_owner, name, std::move(service));
    }
    std::shared_ptr<void> findService(std::string_view name) override { return _registry.find(name); }

private:
    ServicesRegistry& _registry;
    std::string _owner;
};
}  // namespace

void ServicesRegistry::provide(const std::string& owner, std::string_view name, std::shared_ptr<void> service) {
    std::lock_guard lock(_mutex);
    auto [it, inserted] = _services.try_emplace(std::string(name), owner, std::move(service));
    if (!inserted)
        throw std::invalid_argument(owner + ": service \"" + std::string(name) + "\" is already provided by " +
                                    it->second.first);
}

std::shared_ptr<void> ServicesRegistry::find(std::string_view name) const {
    std::lock_guard lock(_mutex);
    auto it = _services.find(name);
    return it == _services.end() ? nullptr : it->second.second;
}

void ServicesRegistry::removeOwner(const std::string& owner) {
    std::lock_guard lock(_mutex);
    std::erase_if(_services, [&](const auto& entry) { return entry.second.first == owner; });
}

std::unique_ptr<Services> ServicesRegistry::viewFor(const std::string& owner) {
    return std::make_unique<ServicesView>(*this, owner);
}

void FeatureRegistry::declare(const std::string& plugin, const Poco::JSON::Object& description) {
    std::lock_guard lock(_mutex);
    Poco::JSON::Object copy(description);
    if (!copy.has("enabled")) copy.set("enabled", true);
    _features.insert_or_assign(plugin, std::move(copy));
}

void FeatureRegistry::remove(const std::string& plugin) {
    std::lock_guard lock(_mutex);
    _features.erase(plugin);
}

bool FeatureRegistry::has(const std::string& plugin) const {
    std::lock_guard lock(_mutex);
    return _features.count(plugin) > 0;
}

Poco::JSON::Object::Ptr FeatureRegistry::snapshot() const {
    std::lock_guard lock(_mutex);
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    for (const auto& [plugin, description] : _features) result->set(plugin, Poco::JSON::Object::Ptr(new Poco::JSON::Object(description)));
    return result;
}

}  // namespace sockstream::core
