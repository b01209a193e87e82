#include <malloc.h>

#include "app/SockStreamApp.h"

int main(int argc, char** argv) {
    // Password hashing allocates ~19 MiB per sign-in. Without a fixed threshold glibc
    // raises its mmap threshold after the first free and keeps such buffers in the
    // heap for good; with it, large blocks are returned to the system when freed.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    sockstream::core::SockStreamApp app;
    return app.run(argc, argv);
}
