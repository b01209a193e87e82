#include "history/ChatHistoryReader.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "logic/HistoryRange.h"
#include "store/ChatRow.h"
#include "sockstream/data/Database.h"

using namespace Poco::Data::Keywords;

namespace sockstream::chat {

void ChatHistoryReader::migrate() {
    // seq after created_at: messages of one millisecond come in the order they
    // were accepted, straight from the index, without a sort.
    _database.migrate(kMigrationComponent,
                      {{1, "chat history by time", std::string("CREATE INDEX ") + kIndexName +
                                                       " ON chat_messages (room_id, created_at, seq)"}});
}

HistoryPage ChatHistoryReader::read(const std::string& roomId, const HistoryRange& range) {
    Poco::Data::Session session = _database.session();
    std::string room = roomId;
    Poco::Int64 from = range.fromMs;
    Poco::Int64 to = range.toMs;
    // One row more than asked tells whether the window holds more.
    int count = static_cast<int>(range.limit) + 1;
    Poco::Data::Statement select(session);
    select << std::string("SELECT ") + kChatRowColumns + " FROM chat_messages"
              " WHERE room_id = ? AND created_at >= ? AND created_at < ?"
              " ORDER BY created_at, seq LIMIT ?",
        use(room), use(from), use(to), use(count);
    select.execute();
    Poco::Data::RecordSet rows(select);
    HistoryPage page;
    for (bool next = rows.moveFirst(); next; next = rows.moveNext()) {
        if (page.messages.size() == range.limit) {
            page.more = true;
            break;
        }
        page.messages.push_back(chatMessageFromRow(rows, roomId));
    }
    return page;
}

}  // namespace sockstream::chat
