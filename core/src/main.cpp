#include <malloc.h>

#include "app/SockStreamApp.h"

int main(int argc, char** argv) {
    // Password hashing allocates ~19 MiB per sign-in. Without a fixed threshold glibc
    // raises its mmap threshold after the first free and keeps such buffers in the
    // heap for good; with it, large blocks are returned to the system when freed.
    // 4 MiB, not glibc's 128 KiB: media segments and parts (tens to hundreds of
    // KiB, made and freed all the time) stay in the heap instead of costing an
    // mmap, page faults and an munmap each.
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    sockstream::core::SockStreamApp app;
    return app.run(argc, argv);
}
