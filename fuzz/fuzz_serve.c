/* Fuzz target: jianbao serve's HTTP layer, a whole request at a time. One server runs in this
 * process on a free port of 127.0.0.1 (one worker, a 64 KiB input limit); each input is sent to
 * it over a socket and the answer read. The first byte picks how the rest is sent:
 *   0: a multipart form (boundary XyZ) whose parts are the rest split at lines "--XyZ"; each part
 *      starts with its header lines, so names, file names and bodies are all the fuzzer's;
 *   1: a JSON body (application/json) to /api/render;
 *   2: the same JSON to /api/inspect;
 *   3: the rest as the whole request, head and body.
 * Any crash of the server (ASan, UBSan, a signal) is a crash of this process; a server that stops
 * answering /healthz aborts. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "serve.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jb_server *server;
static unsigned port;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    jb_serve_opts o = {.port = 0,
                       .workers = 1,
                       .queue_ms = 2000,
                       .timeout_s = 5,
                       .render_timeout_s = 5,
                       .max_input = 64 * 1024,
                       .data_dir = JB_FUZZ_ROOT};
    jb_diag d;
    (void)argc, (void)argv;
    signal(SIGPIPE, SIG_IGN);
    jb_diag_init(&d);
    if (jb_serve_start(&o, &server, &d) != JB_OK) {
        fprintf(stderr, "fuzz_serve: %s\n", d.message);
        abort();
    }
    port = jb_serve_port(server);
    return 0;
}

/* Sends len bytes of req and reads the answer to its end; the HTTP status, or 0. */
static int
exchange(const char *req, size_t len)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    struct timeval tv = {10, 0};
    char buf[4096];
    int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0;
    size_t got = 0;
    ssize_t n;

    if (fd < 0)
        return 0;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
        for (size_t off = 0; off < len; off += (size_t)n)
            if ((n = send(fd, req + off, len - off, MSG_NOSIGNAL)) <= 0)
                break;
        shutdown(fd, SHUT_WR);
        while ((n = recv(fd, buf + (got < 16 ? got : 0), got < 16 ? sizeof buf - got : sizeof buf,
                         0)) > 0) {
            if (got < 16 && got + (size_t)n >= 12)
                sscanf(buf, "HTTP/1.%*d %d", &status);
            got += (size_t)n;
        }
    }
    close(fd);
    return status;
}

static char *
build(const uint8_t *data, size_t size, size_t *len)
{
    static const char *const paths[] = {"/api/render", "/api/render", "/api/inspect"};
    static const char *const types[] = {"multipart/form-data; boundary=XyZ", "application/json",
                                        "application/json"};
    int kind = size ? data[0] % 4 : 3;
    const uint8_t *body = size ? data + 1 : data;
    size_t blen = size ? size - 1 : 0, head;
    char *req;

    if (kind == 3) {
        req = malloc(blen + 1);
        if (req)
            memcpy(req, body, blen);
        *len = blen;
        return req;
    }
    req = malloc(blen + 256);
    if (req == NULL)
        return NULL;
    head = (size_t)snprintf(req, 256,
                            "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: %s\r\n"
                            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                            paths[kind], port, types[kind], blen);
    memcpy(req + head, body, blen);
    *len = head + blen;
    return req;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    char *req = build(data, size, &len);
    static const char health[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    if (req == NULL)
        return 0;
    exchange(req, len);
    free(req);
    /* the server must stay up: a health check that fails is tried twice more, a second apart
     * (a miss is said, so that a dropped connection shows in the log), then the run stops */
    for (int tries = 0, st; (st = exchange(health, sizeof health - 1)) != 200; tries++) {
        fprintf(stderr, "fuzz_serve: /healthz answered %d (0: nothing within 10 s)\n", st);
        if (tries == 2) {
            fprintf(stderr, "fuzz_serve: the server stopped answering\n");
            abort();
        }
        sleep(1);
    }
    return 0;
}
