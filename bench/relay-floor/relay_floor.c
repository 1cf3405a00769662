/*
 * The kernel's price of relaying phone audio on this machine: a floor for the bridge's CPU and latency figures.
 *
 * A relay process, pinned to CPU 0, accepts N "Twilio" connections and dials one "OpenAI" connection for each; it
 * copies every message read on a Twilio connection to its partner (one read, one write, no parsing). The caller
 * process, pinned to CPU 1, sends one 300-byte message (about a Media Streams frame) on every connection every
 * 20 ms, spread over a 1 ms tick, and receives them back from the relay. After a 5-second settling period it
 * measures, for the relay process, user and kernel CPU (from /proc/<pid>/stat) and, for every message, the time
 * from the caller's write to the caller's read (p50, p99, max).
 *
 * This is the least any design that relays each 20 ms frame as its own message can cost here: the bridge does all
 * of this and also parses, converts, frames and forwards the other direction.
 *
 * Build and run: bench/relay-floor/run.sh [calls] [seconds] [runs]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

enum { MESSAGE = 300, MAX_FDS = 65536, SETTLE_MS = 5000, HIST_US = 100000 };

static long hist[HIST_US + 1];
static char partial[MAX_FDS][MESSAGE];
static int have[MAX_FDS];

static void die(const char *what) {
    perror(what);
    exit(1);
}

static long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set)) die("sched_setaffinity");
}

static int listen_on(struct sockaddr_in *addr) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t len = sizeof *addr;
    addr->sin_family = AF_INET;
    addr->sin_port = 0; /* any free port */
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || bind(s, (void *) addr, sizeof *addr) || listen(s, 4096) || getsockname(s, (void *) addr, &len))
        die("listen");
    return s;
}

static int dial(const struct sockaddr_in *addr) {
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (s < 0 || s >= MAX_FDS || connect(s, (const void *) addr, sizeof *addr)) die("connect");
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return s;
}

/* utime and stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
static void cpu_ticks(pid_t pid, long *user, long *kernel) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) die("stat");
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')') + 4; /* past ") S " */
    long field[12];
    for (int i = 0; i < 12; i++) field[i] = strtol(p, &p, 10); /* ppid … stime */
    *user = field[10];
    *kernel = field[11];
}

static void relay(int twilio_listener, const struct sockaddr_in *openai, int calls) {
    static int partner[MAX_FDS];
    static char buf[65536];
    struct epoll_event ready[512];
    int ep = epoll_create1(0), one = 1;
    pin(0);
    for (int i = 0; i < calls; i++) {
        int in = accept(twilio_listener, 0, 0);
        if (in < 0 || in >= MAX_FDS) die("accept");
        setsockopt(in, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        partner[in] = dial(openai);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = in};
        epoll_ctl(ep, EPOLL_CTL_ADD, in, &e);
    }
    for (;;) {
        int k = epoll_wait(ep, ready, 512, -1);
        for (int j = 0; j < k; j++) {
            ssize_t r = read(ready[j].data.fd, buf, sizeof buf);
            if (r <= 0 || write(partner[ready[j].data.fd], buf, r) != r) _exit(0);
        }
    }
}

/* Messages may arrive split or coalesced: reassemble 300-byte messages per connection; each starts with its send time. */
static long receive(int fd, long *received) {
    static char buf[65536];
    if (fd < 0 || fd >= MAX_FDS) return 0;
    ssize_t r = read(fd, buf, sizeof buf);
    long t = now_us();
    for (ssize_t off = 0; off < r;) {
        int take = MESSAGE - have[fd] < r - off ? MESSAGE - have[fd] : (int) (r - off);
        memcpy(partial[fd] + have[fd], buf + off, take);
        have[fd] += take;
        off += take;
        if (have[fd] == MESSAGE) {
            long sent;
            memcpy(&sent, partial[fd], sizeof sent);
            long d = t - sent;
            hist[d < 0 ? 0 : d > HIST_US ? HIST_US : d]++;
            have[fd] = 0;
            (*received)++;
        }
    }
    return r;
}

int main(int argc, char **argv) {
    int calls = argc > 1 ? atoi(argv[1]) : 250, seconds = argc > 2 ? atoi(argv[2]) : 30;
    if (calls < 1 || calls > 10000 || seconds < 6) {
        fprintf(stderr, "usage: relay_floor [calls 1..10000] [seconds >= 6]\n");
        return 2;
    }
    struct sockaddr_in twilio_addr, openai_addr;
    int twilio_listener = listen_on(&twilio_addr), openai_listener = listen_on(&openai_addr);
    pid_t relay_pid = fork();
    if (relay_pid < 0) die("fork");
    if (relay_pid == 0) relay(twilio_listener, &openai_addr, calls);

    pin(1);
    int *twilio = malloc(calls * sizeof *twilio), ep = epoll_create1(0);
    for (int i = 0; i < calls; i++) twilio[i] = dial(&twilio_addr);
    for (int i = 0; i < calls; i++) {
        int sink = accept(openai_listener, 0, 0);
        if (sink < 0 || sink >= MAX_FDS) die("accept");
        struct epoll_event e = {.events = EPOLLIN, .data.fd = sink};
        epoll_ctl(ep, EPOLL_CTL_ADD, sink, &e);
    }
    int timer = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec every_ms = {.it_interval = {0, 1000000}, .it_value = {0, 1000000}};
    timerfd_settime(timer, 0, &every_ms, 0);
    struct epoll_event te = {.events = EPOLLIN, .data.fd = -1};
    epoll_ctl(ep, EPOLL_CTL_ADD, timer, &te);

    char message[MESSAGE];
    memset(message, 'x', sizeof message);
    long tick = 0, sent = 0, received = 0, user0 = 0, kernel0 = 0;
    struct epoll_event ready[512];
    while (tick < seconds * 1000L) {
        int k = epoll_wait(ep, ready, 512, -1);
        for (int j = 0; j < k; j++) {
            if (ready[j].data.fd != -1) {
                receive(ready[j].data.fd, &received);
                continue;
            }
            unsigned long long expirations;
            if (read(timer, &expirations, sizeof expirations) != sizeof expirations) die("timerfd");
            for (unsigned long long e = 0; e < expirations; e++, tick++) {
                if (tick == SETTLE_MS) { /* start measuring */
                    cpu_ticks(relay_pid, &user0, &kernel0);
                    memset(hist, 0, sizeof hist);
                    sent = received = 0;
                }
                for (int i = tick % 20; i < calls; i += 20) { /* each connection every 20 ms */
                    long t = now_us();
                    memcpy(message, &t, sizeof t);
                    if (write(twilio[i], message, MESSAGE) != MESSAGE) die("write");
                    sent++;
                }
            }
        }
    }
    long user1, kernel1;
    cpu_ticks(relay_pid, &user1, &kernel1);
    kill(relay_pid, SIGKILL);

    double secs = (seconds * 1000.0 - SETTLE_MS) / 1000.0;
    double user = (user1 - user0) / 100.0 / secs, kernel = (kernel1 - kernel0) / 100.0 / secs; /* USER_HZ 100 */
    long total = 0, acc = 0, p50 = -1, p99 = -1, max = 0;
    for (int i = 0; i <= HIST_US; i++) {
        total += hist[i];
        if (hist[i]) max = i;
    }
    for (int i = 0; i <= HIST_US; i++) {
        acc += hist[i];
        if (p50 < 0 && acc * 2 >= total) p50 = i;
        if (p99 < 0 && acc * 100 >= total * 99) p99 = i;
    }
    printf("relay floor: %d calls, %.0f messages/s; relay CPU user %.3f + kernel %.3f core = %.4f CPU-s per "
           "call-minute (one direction only), %.1f us of kernel per message; latency p50 %.3f ms, p99 %.3f ms, "
           "max %.3f ms (%ld of %ld messages back)\n",
           calls, sent / secs, user, kernel, (user + kernel) * 60 / calls, kernel * 1e6 / (sent / secs),
           p50 / 1000.0, p99 / 1000.0, max / 1000.0, received, sent);
    return 0;
}
