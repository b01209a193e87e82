#pragma once

/// Marks what the core library (libsockstream) exports to plugins and to the
/// server executable. The core is compiled with hidden visibility
/// (-fvisibility=hidden, -fvisibility-inlines-hidden): only declarations marked
/// SOCKSTREAM_API are in its dynamic symbol table, so a plugin links against the
/// SDK alone and never against the core's internals. Needed only where the core
/// defines something out of line (a class's member functions, a free function);
/// interfaces and inline code need no mark.
#define SOCKSTREAM_API __attribute__((visibility("default")))
