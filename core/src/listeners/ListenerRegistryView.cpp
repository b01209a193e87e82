#include "listeners/ListenerRegistryView.h"

#include "listeners/ListenerRegistryImpl.h"

namespace sockstream::core {

void ListenerRegistryView::add(const ListenerSpec& spec, StreamHandlerFactory factory) {
    _registry.add(_owner, spec, std::move(factory));
}

int ListenerRegistryView::boundPort(const std::string& name) const { return _registry.boundPort(name); }

}  // namespace sockstream::core
