#include "listeners/ListenerRegistryImpl.h"

#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "listeners/ListenerRegistryView.h"
#include "listeners/StreamListener.h"
#include "listeners/TlsContextFactory.h"
#include "runtime/IoRuntime.h"

namespace sockstream::core {

namespace {
constexpr std::chrono::milliseconds kCloseWait{5000};
}

struct ListenerRegistryImpl::Impl {
    Impl(IoRuntime& ioRuntime, Metrics& metricsSink, AddressRanges exemptAddresses)
        : runtime(ioRuntime), metrics(metricsSink), exempt(std::move(exemptAddresses)) {}

    std::vector<std::shared_ptr<StreamListener>> take(const std::string* owner) {
        std::vector<std::shared_ptr<StreamListener>> taken;
        std::lock_guard lock(mutex);
        for (auto it = listeners.begin(); it != listeners.end();) {
            if (!owner || it->second->owner() == *owner) {
                taken.push_back(it->second);
                it = listeners.erase(it);
            } else {
                ++it;
            }
        }
        return taken;
    }

    IoRuntime& runtime;
    Metrics& metrics;
    AddressRanges exempt;
    mutable std::mutex mutex;
    std::map<std::string, std::shared_ptr<StreamListener>> listeners;
    bool opened = false;
};

ListenerRegistryImpl::ListenerRegistryImpl(IoRuntime& runtime, Metrics& metrics, AddressRanges exemptAddresses)
    : _impl(std::make_unique<Impl>(runtime, metrics, std::move(exemptAddresses))) {}

ListenerRegistryImpl::~ListenerRegistryImpl() { closeAll(); }

void ListenerRegistryImpl::add(const std::string& owner, const ListenerSpec& spec, StreamHandlerFactory factory) {
    if (spec.name.empty()) throw std::invalid_argument("a listener needs a name");
    if (!factory) throw std::invalid_argument("listener '" + spec.name + "' has no handler factory");
    if (spec.port < 0 || spec.port > 65535)
        throw std::invalid_argument("listener '" + spec.name + "' has an invalid port " + std::to_string(spec.port));
    std::shared_ptr<boost::asio::ssl::context> tls;
    if (spec.tls) {
        try {
            tls = TlsContextFactory::create(*spec.tls);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("listener '" + spec.name + "': " + e.what());
        }
    }
    auto listener = std::make_shared<StreamListener>(_impl->runtime, owner, spec, std::move(factory),
                                                     std::move(tls), _impl->metrics, _impl->exempt);
    std::lock_guard lock(_impl->mutex);
    if (_impl->listeners.count(spec.name))
        throw std::invalid_argument("a listener named '" + spec.name + "' already exists");
    // A listener added after start-up (a plugin loaded late) opens at once.
    if (_impl->opened) listener->open();
    _impl->listeners.emplace(spec.name, std::move(listener));
}

int ListenerRegistryImpl::boundPort(const std::string& name) const {
    std::lock_guard lock(_impl->mutex);
    auto it = _impl->listeners.find(name);
    return it == _impl->listeners.end() ? 0 : it->second->boundPort();
}

void ListenerRegistryImpl::openAll() {
    std::lock_guard lock(_impl->mutex);
    _impl->opened = true;
    for (auto& [name, listener] : _impl->listeners)
        if (!listener->isOpen()) listener->open();
}

void ListenerRegistryImpl::closeAll() {
    {
        std::lock_guard lock(_impl->mutex);
        _impl->opened = false;
    }
    for (auto& listener : _impl->take(nullptr)) listener->close(kCloseWait);
}

void ListenerRegistryImpl::removeOwner(const std::string& owner) {
    for (auto& listener : _impl->take(&owner)) listener->close(kCloseWait);
}

std::unique_ptr<ListenerRegistry> ListenerRegistryImpl::viewFor(const std::string& owner) {
    return std::make_unique<ListenerRegistryView>(*this, owner);
}

}  // namespace sockstream::core
