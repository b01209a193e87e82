#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "sockstream/events/EventBus.h"

namespace sockstream::core {

/// Synchronous in-process bus. Subscriptions are tagged with their owner so a
/// plugin's handlers are dropped before its library is unloaded; a handler
/// that throws is logged and does not stop delivery to the others.
class EventBusImpl {
public:
    explicit EventBusImpl(Poco::Logger& logger) : _logger(logger) {}

    SubscriptionId subscribe(const std::string& owner, std::string_view topic,
                             std::function<void(const Event&)> handler);
    void unsubscribe(SubscriptionId id);
    void publish(std::string_view topic, const Event& event);
    void removeOwner(const std::string& owner);
    std::size_t subscriberCount(std::string_view topic) const;

    std::unique_ptr<EventBus> viewFor(const std::string& owner);

private:
    struct Subscription {
        SubscriptionId id;
        std::string owner;
        std::string topic;
        std::shared_ptr<const std::function<void(const Event&)>> handler;
    };
    Poco::Logger& _logger;
    mutable std::mutex _mutex;
    SubscriptionId _nextId = 1;
    std::vector<Subscription> _subscriptions;
};

}  // namespace sockstream::core
