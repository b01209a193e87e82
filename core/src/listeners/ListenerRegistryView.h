#pragma once

#include <string>

#include "sockstream/net/ListenerRegistry.h"

namespace sockstream::core {

class ListenerRegistryImpl;

/// The ListenerRegistry one plugin sees: everything it adds is tagged with it.
class ListenerRegistryView : public ListenerRegistry {
public:
    ListenerRegistryView(ListenerRegistryImpl& registry, std::string owner)
        : _registry(registry), _owner(std::move(owner)) {}

    void add(const ListenerSpec& spec, StreamHandlerFactory factory) override;
    int boundPort(const std::string& name) const override;

private:
    ListenerRegistryImpl& _registry;
    std::string _owner;
};

}  // namespace sockstream::core
