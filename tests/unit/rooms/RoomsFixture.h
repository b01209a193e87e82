#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ManualScheduler.h"
#include "TempDir.h"
#include "data/DatabaseImpl.h"
#include "events/EventBusImpl.h"
#include "identity/IdentityImpl.h"
#include "media/MediaBusImpl.h"
#include "rooms/RoomsImpl.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::test {

/// The HttpError code a call throws, or "" when it does not throw one.
template <class F>
std::string httpErrorOf(F&& call, int* status = nullptr) {
    try {
        call();
    } catch (const HttpError& error) {
        if (status) *status = error.status();
        return error.code();
    }
    return "";
}

/// Rooms, keys and the media bus on a real database file that a test may
/// close and open again (a server restart), with every published room and
/// stream event written down as a line.
class RoomsFixture : public ::testing::Test {
protected:
    RoomsFixture();
    ~RoomsFixture() override;

    /// (Re)creates database, services and RoomsImpl on the same file.
    void open();
    void close();
    /// Closes and opens again, as a restart does.
    void reopen() {
        close();
        open();
    }
    User createUser(const std::string& email, const std::string& name);
    /// Opens the broadcast a decision allows, as an ingest would.
    std::unique_ptr<MediaPublisher> publish(const PublishDecision& decision);
    std::vector<std::string> events() const { return _events; }
    void clearEvents() { _events.clear(); }
    /// healthJson of every StreamHealthUpdated, and the recipients of the last one.
    std::vector<std::string> healthEvents() const { return _health; }
    std::vector<std::string> healthRecipients() const { return _healthRecipients; }

    TempDir dir;
    core::RoomsConfig config;
    std::vector<Channel> channels{{"gaming", "Gaming", "", 1}, {"music", "Music", "", 2}};
    ManualScheduler scheduler;
    std::unique_ptr<core::DatabaseImpl> database;
    std::unique_ptr<core::IdentityImpl> identity;
    std::unique_ptr<core::EventBusImpl> bus;
    std::unique_ptr<core::MediaBusImpl> media;
    std::unique_ptr<core::RoomsImpl> rooms;

private:
    std::vector<std::string> _events;
    std::vector<std::string> _health;
    std::vector<std::string> _healthRecipients;
};

}  // namespace sockstream::test
