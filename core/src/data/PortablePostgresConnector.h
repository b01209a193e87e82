#pragma once

#include <string>

#include <Poco/Data/Connector.h>

namespace sockstream::core {

/// Poco's PostgreSQL connector whose sessions prepare PortablePostgresStatement,
/// so a statement written with `?` runs on PostgreSQL as it does on SQLite.
class PortablePostgresConnector : public Poco::Data::Connector {
public:
    static const std::string kName;

    const std::string& name() const override { return kName; }
    Poco::Data::SessionImpl::Ptr createSession(const std::string& connectionString, std::size_t timeout) override;

    /// Adds the connector to Poco's SessionFactory once per process.
    static void registerOnce();
};

}  // namespace sockstream::core
