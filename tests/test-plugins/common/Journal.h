#pragma once

#include <fstream>
#include <string>

#include "sockstream/plugin/PluginContext.h"

namespace sockstream::testplugins {

/// Appends "<plugin>:<step>" lines to the file named by the plugin's "journal"
/// config key, so tests can see the order in which the host drove plugins.
class Journal {
public:
    Journal() = default;
    explicit Journal(const PluginContext& context)
        : _plugin(context.pluginName()), _file(context.config().optValue<std::string>("journal", "")) {}

    void record(const std::string& step) const {
        if (_file.empty()) return;
        std::ofstream out(_file, std::ios::app);
        out << _plugin << ':' << step << '\n';
    }

private:
    std::string _plugin;
    std::string _file;
};

}  // namespace sockstream::testplugins
