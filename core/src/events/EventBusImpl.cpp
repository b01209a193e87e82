#include "events/EventBusImpl.h"

#include <algorithm>

namespace sockstream::core {

namespace {
class EventBusView : public EventBus {
public:
    EventBusView(EventBusImpl& bus, std::string owner) : _bus(bus), _owner(std::move(owner)) {}
    SubscriptionId subscribeTopic(std::string_view topic, std::function<void(const Event&)> handler) override {
        return _bus.subscribe(_owner, topic, std::move(handler));
    }
    void unsubscribe(SubscriptionId id) override { _bus.unsubscribe(id); }
    void publishTopic(std::string_view topic, const Event& event) override { _bus.publish(topic, event); }

private:
    EventBusImpl& _bus;
    std::string _owner;
};
}  // namespace

SubscriptionId EventBusImpl::subscribe(const std::string& owner, std::string_view topic,
                                       std::function<void(const Event&)> handler) {
    std::lock_guard lock(_mutex);
    SubscriptionId id = _nextId++;
    _subscriptions.push_back(
        {id, owner, std::string(topic), std::make_shared<const std::function<void(const Event&)>>(std::move(handler))});
    return id;
}

void EventBusImpl::unsubscribe(SubscriptionId id) {
    std::lock_guard lock(_mutex);
    std::erase_if(_subscriptions, [id](const Subscription& s) { return s.id == id; });
}

void EventBusImpl::removeOwner(const std::string& owner) {
    std::lock_guard lock(_mutex);
    std::erase_if(_subscriptions, [&](const Subscription& s) { return s.owner == owner; });
}

std::size_t EventBusImpl::subscriberCount(std::string_view topic) const {
    std::lock_guard lock(_mutex);
    return static_cast<std::size_t>(std::count_if(_subscriptions.begin(), _subscriptions.end(),
                                                  [&](const Subscription& s) { return s.topic == topic; }));
}

void EventBusImpl::publish(std::string_view topic, const Event& event) {
    // Deliver outside the lock so handlers may publish or subscribe themselves.
    std::vector<std::pair<std::string, std::shared_ptr<const std::function<void(const Event&)>>>> targets;
    {
        std::lock_guard lock(_mutex);
        for (const auto& s : _subscriptions)
            if (s.topic == topic) targets.emplace_back(s.owner, s.handler);
    }
    for (const auto& [owner, handler] : targets) {
        try {
            (*handler)(event);
        } catch (const std::exception& error) {
            _logger.error("event %s: a handler of %s failed: %s", std::string(topic), owner, std::string(error.what()));
        }
    }
}

std::unique_ptr<EventBus> EventBusImpl::viewFor(const std::string& owner) {
    return std::make_unique<EventBusView>(*this, owner);
}

}  // namespace sockstream::core
