// The floor under the chat fan-out: CPU a process spends per small send() to
// loopback TCP sockets whose reader sleeps in epoll between rounds, with
// nothing else to do. One round sends a 150-byte frame to every socket, as one
// chat message does to every member; rounds are paced like the chat
// benchmark's messages. Built and run by bench/chat/send-floor.sh.
//   send-floor <sockets> <rounds> <microseconds between rounds>
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

enum { frameBytes = 150 };

static double cpuSeconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void die(const char* what) {
    perror(what);
    exit(1);
}

/// The reader: connects every socket, then reads until all bytes came (or 10 s of silence).
static void readAll(const struct sockaddr_in* address, int sockets, long bytes) {
    int poller = epoll_create1(0);
    if (poller < 0) die("epoll_create1");
    for (int i = 0; i < sockets; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (const struct sockaddr*)address, sizeof *address) != 0) die("connect");
        struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(poller, EPOLL_CTL_ADD, fd, &event) != 0) die("epoll_ctl");
    }
    char buffer[65536];
    struct epoll_event ready[256];
    for (long received = 0; received < bytes;) {
        int count = epoll_wait(poller, ready, 256, 10000);
        if (count <= 0) _exit(2);
        for (int i = 0; i < count; i++) {
            ssize_t got = read(ready[i].data.fd, buffer, sizeof buffer);
            if (got > 0) received += got;
        }
    }
    _exit(0);
}

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s <sockets> <rounds> <microseconds between rounds>\n", argv[0]);
        return 64;
    }
    const int sockets = atoi(argv[1]), rounds = atoi(argv[2]), gapMicros = atoi(argv[3]);
    if (sockets < 1 || sockets > 20000 || rounds < 1 || gapMicros < 0) {
        fprintf(stderr, "sockets must be 1..20000, rounds at least 1, the gap not negative\n");
        return 64;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (listener < 0 || bind(listener, (struct sockaddr*)&address, sizeof address) != 0 || listen(listener, 4096) != 0 ||
        getsockname(listener, (struct sockaddr*)&address, &length) != 0)
        die("listen on 127.0.0.1");
    pid_t reader = fork();
    if (reader < 0) die("fork");
    if (reader == 0) readAll(&address, sockets, (long)sockets * rounds * frameBytes);

    int* members = calloc((size_t)sockets, sizeof *members);
    for (int i = 0; i < sockets; i++) {
        members[i] = accept(listener, NULL, NULL);
        if (members[i] < 0) die("accept");
        int on = 1;
        setsockopt(members[i], IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
    char frame[frameBytes];
    memset(frame, 'x', sizeof frame);
    long failed = 0;
    const double before = cpuSeconds();
    for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < sockets; i++)
            if (send(members[i], frame, sizeof frame, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)sizeof frame) failed++;
        if (gapMicros) usleep((useconds_t)gapMicros);
    }
    const double used = cpuSeconds() - before;
    int status = 0;
    waitpid(reader, &status, 0);
    if (failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%ld sends were short or failed, or the reader missed bytes\n", failed);
        return 1;
    }
    printf("%d sockets, %d rounds %d us apart: %.2f us of CPU per send\n", sockets, rounds, gapMicros,
           used * 1e6 / ((double)sockets * rounds));
    return 0;
}
