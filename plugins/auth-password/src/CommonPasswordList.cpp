#include "CommonPasswordList.h"

#include <fstream>
#include <stdexcept>

#include "UnicodeText.h"

namespace sockstream::authpassword {

CommonPasswordList CommonPasswordList::fromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read common-password list " + path);
    return fromStream(in, path);
}

CommonPasswordList CommonPasswordList::fromStream(std::istream& in, const std::string& sourceName) {
    CommonPasswordList list;
    std::string line;
    std::size_t lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.rfind("#!comment", 0) == 0) continue;
        if (line.size() > kMaxLineBytes)
            throw std::runtime_error(sourceName + ":" + std::to_string(lineNumber) + ": entry too long");
        const auto text = UnicodeText::fromUtf8(line);
        if (!text) throw std::runtime_error(sourceName + ":" + std::to_string(lineNumber) + ": not UTF-8");
        list._entries.insert(text->foldedNfkc());
        if (list._entries.size() > kMaxEntries)
            throw std::runtime_error(sourceName + ": more than " + std::to_string(kMaxEntries) + " entries");
    }
    if (in.bad()) throw std::runtime_error("error reading common-password list " + sourceName);
    return list;
}

}  // namespace sockstream::authpassword
