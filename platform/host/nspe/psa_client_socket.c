/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NS client library for the host backend: psa_* from include/psa/client.h,
 * each call one request frame out (one send/sendmsg: header + the caller's
 * in-vectors without copying) and one reply frame back (one recv), checked
 * as strictly as the SPE checks requests before any byte reaches the caller.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cai_host/frame.h"
#include "cai_host/psa_client_host.h"
#include "cai_host/state.h"

static int g_fd = -1;
static unsigned g_connections; /* connections opened so far (handles belong to one) */
static char g_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static bool g_path_set;
static uint32_t g_seq;
static cai_psa_boot_hook_t g_boot_hook;
static void *g_boot_ctx;
/* Replies are received here, checked, then copied to the caller's buffers. */
static uint8_t g_rep_buf[CAI_FRAME_REP_MAX];
/* Whom we accept as the SPE, and how long we wait for it (0: not yet
 * worked out from the environment). */
static bool g_uid_set;
static uid_t g_spe_uid;
static unsigned g_timeout_ms;
static cai_psa_error_hook_t g_error_hook;
static void *g_error_ctx;
static char g_error[512];
/* Connection handles this process holds on the current connection: a new
 * connection would not have them, so a dropped one is only replaced when
 * there are none. */
static unsigned g_handles_open;

/* Record (and report through the hook) why the transport failed. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void
set_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_error, sizeof(g_error), fmt, ap);
    va_end(ap);
    if (g_error_hook != NULL) {
        g_error_hook(g_error, g_error_ctx);
    }
}

const char *cai_psa_client_error(void)
{
    return g_error;
}

void cai_psa_client_set_error_hook(cai_psa_error_hook_t hook, void *ctx)
{
    g_error_hook = hook;
    g_error_ctx = ctx;
}

int cai_psa_client_parse_uid(const char *s, uid_t *uid)
{
    if (s == NULL || s[0] == '\0') {
        return -1;
    }
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (s[0] >= '0' && s[0] <= '9' && errno == 0 && *end == '\0' && v < (uid_t)-1) {
        *uid = (uid_t)v;
        return 0;
    }
    struct passwd *pw = getpwnam(s); /* a user name */
    if (pw == NULL) {
        return -1;
    }
    *uid = pw->pw_uid;
    return 0;
}

void cai_psa_client_set_spe_uid(uid_t uid)
{
    g_spe_uid = uid;
    g_uid_set = true;
}

/* $CAI_SPE_UID (a number or a user name), else our own effective uid: the
 * same-uid development mode. An unusable value trusts nobody but root. */
uid_t cai_psa_client_spe_uid(void)
{
    if (!g_uid_set) {
        const char *env = getenv("CAI_SPE_UID");
        g_spe_uid = geteuid();
        if (env != NULL && env[0] != '\0' && cai_psa_client_parse_uid(env, &g_spe_uid) != 0) {
            g_spe_uid = 0;
        }
        g_uid_set = true;
    }
    return g_spe_uid;
}

void cai_psa_client_set_timeout_ms(unsigned ms)
{
    g_timeout_ms = ms;
}

/* $CAI_SPE_TIMEOUT_MS (1..CAI_PSA_TIMEOUT_MAX_MS), else the default. */
unsigned cai_psa_client_timeout_ms(void)
{
    if (g_timeout_ms == 0) {
        const char *env = getenv("CAI_SPE_TIMEOUT_MS");
        char *end = NULL;
        unsigned long v = env != NULL ? strtoul(env, &end, 10) : 0;
        g_timeout_ms = (env != NULL && env[0] >= '0' && env[0] <= '9' && *end == '\0' && v > 0 &&
                        v <= CAI_PSA_TIMEOUT_MAX_MS)
                           ? (unsigned)v
                           : CAI_PSA_TIMEOUT_DEFAULT_MS;
    }
    return g_timeout_ms;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void cai_psa_client_disconnect(void)
{
    g_handles_open = 0; /* the SPE closes them with the connection */
    if (g_fd >= 0) {
        close(g_fd);
        g_fd = -1;
    }
}

int cai_psa_client_set_socket(const char *path)
{
    cai_psa_client_disconnect();
    if (path == NULL) {
        g_path_set = false;
        return 0;
    }
    if (strlen(path) >= sizeof(g_path)) {
        return -1;
    }
    strcpy(g_path, path);
    g_path_set = true;
    return 0;
}

/* The default: $CAI_SPE_SOCKET (made absolute), else spe.sock in the
 * default runtime directory (cai_host_dirs_resolve). "" when neither can be
 * worked out; connecting then fails like any absent SPE. */
static void default_socket(void)
{
    const char *env = getenv("CAI_SPE_SOCKET");
    cai_host_dirs_t dirs;
    char err[256];
    g_path[0] = '\0';
    if (env != NULL && env[0] != '\0') {
        if (cai_path_absolute(g_path, sizeof(g_path), env) != 0) {
            g_path[0] = '\0';
        }
    } else if (cai_host_dirs_resolve(&dirs, NULL, NULL, err, sizeof(err)) != 0 ||
               cai_state_path(g_path, sizeof(g_path), dirs.runtime, CAI_SPE_SOCKET_NAME) != 0) {
        g_path[0] = '\0';
    }
}

const char *cai_psa_client_socket(void)
{
    if (!g_path_set) {
        default_socket();
        g_path_set = true;
    }
    return g_path;
}

void cai_psa_client_set_boot_hook(cai_psa_boot_hook_t hook, void *ctx)
{
    g_boot_hook = hook;
    g_boot_ctx = ctx;
}

/* Connect without ever blocking for good: a Unix socket whose backlog is
 * full (SPE stopped or hung) answers a non-blocking connect with EAGAIN, so
 * retry every 10 ms until the deadline. */
static int connect_within(int fd, const struct sockaddr_un *sa, unsigned timeout_ms)
{
    uint64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0) {
            return 0;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN || now_ms() >= deadline) {
            return -1;
        }
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
}

/* The server must be the SPE's user (or root, who could be anyone
 * anyway): anything else could answer with versions, handles and results
 * of its choosing. */
static int check_server(int fd, const char *path)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        set_error("cannot tell who serves %s: %s", path, strerror(errno));
        return -1;
    }
    uid_t want = cai_psa_client_spe_uid();
    if (cred.uid != want && cred.uid != 0) {
        set_error("refusing the server of %s: it runs as uid %ld (pid %ld), not as the SPE's "
                  "uid %ld (CAI_SPE_UID)",
                  path, (long)cred.uid, (long)cred.pid, (long)want);
        return -1;
    }
    return 0;
}

/* 0 connected; CONNECT_ABSENT nobody listens (booting may help);
 * CONNECT_REFUSED someone listens but must not or cannot be used. */
enum {
    CONNECT_ABSENT = -1,
    CONNECT_REFUSED = -2
};

static int try_connect_within(unsigned timeout_ms)
{
    const char *path = cai_psa_client_socket();
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (path[0] == '\0' || strlen(path) >= sizeof(sa.sun_path)) {
        return CONNECT_ABSENT;
    }
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        return CONNECT_ABSENT;
    }
    if (connect_within(fd, &sa, timeout_ms) != 0) {
        int e = errno;
        close(fd);
        if (e == EAGAIN) {
            set_error("the SPE on %s accepts no connection within %u ms (stopped or hung?)", path,
                      timeout_ms);
            return CONNECT_REFUSED;
        }
        return CONNECT_ABSENT;
    }
    if (check_server(fd, path) != 0) {
        close(fd);
        return CONNECT_REFUSED;
    }
    /* Blocking from now on, each send and receive bounded by the timeout. */
    unsigned t = cai_psa_client_timeout_ms();
    struct timeval tv = { .tv_sec = t / 1000u, .tv_usec = (t % 1000u) * 1000 };
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0) {
        close(fd);
        return CONNECT_ABSENT;
    }
    g_fd = fd;
    g_connections++;
    return 0;
}

unsigned cai_psa_client_connection(void)
{
    return g_connections;
}

static int try_connect(void)
{
    return try_connect_within(cai_psa_client_timeout_ms());
}

int cai_psa_client_probe(void)
{
    return g_fd >= 0 ? 0 : try_connect();
}

int cai_psa_client_probe_within(unsigned timeout_ms)
{
    return g_fd >= 0 ? 0 : try_connect_within(timeout_ms);
}

int cai_psa_client_open(void)
{
    if (g_fd >= 0) {
        return 0;
    }
    int rc = try_connect();
    if (rc == 0) {
        return 0;
    }
    /* Only an absent SPE is booted: a refused or stuck server is not
     * fixed by a second one (which would refuse to start anyway). */
    if (rc == CONNECT_ABSENT && g_boot_hook != NULL && g_boot_hook(g_boot_ctx) == 0) {
        return try_connect() == 0 ? 0 : -1;
    }
    return -1;
}

pid_t cai_psa_client_spe_pid(void)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (g_fd < 0 || getsockopt(g_fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        return -1;
    }
    return cred.pid;
}

/* One request/reply exchange. in/out may be NULL when the counts are 0. On
 * success the reply header is in *rep and out[i].len / contents are set. */
static int transact(cai_frame_req_t *req, const psa_invec *in, psa_outvec *out,
                    cai_frame_rep_t *rep)
{
    if (cai_psa_client_open() != 0) {
        return -1;
    }
    req->seq = ++g_seq;
    uint8_t hdr[CAI_FRAME_REQ_HDR_SIZE];
    cai_frame_req_encode(req, hdr);
    struct iovec iov[1 + CAI_FRAME_MAX_VECS];
    size_t n_iov = 1;
    size_t total = sizeof(hdr);
    iov[0].iov_base = hdr;
    iov[0].iov_len = sizeof(hdr);
    for (size_t i = 0; i < req->n_in; i++) {
        if (req->in_len[i] > 0) {
            iov[n_iov].iov_base = (void *)in[i].base;
            iov[n_iov].iov_len = req->in_len[i];
            total += req->in_len[i];
            n_iov++;
        }
    }
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = n_iov };
    ssize_t n;
    for (int attempt = 0;; attempt++) {
        do {
            /* send() for a bare header: one syscall either way, this one
             * without importing a msghdr and iovec array. */
            n = n_iov == 1 ? send(g_fd, hdr, sizeof(hdr), MSG_NOSIGNAL)
                           : sendmsg(g_fd, &msg, MSG_NOSIGNAL);
        } while (n < 0 && errno == EINTR);
        /* The SPE drops connections left idle (docs/host.md): the request
         * was not delivered, so one new connection may carry it, provided
         * this one held no handle (those went with it). */
        bool dropped = n < 0 && (errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN);
        if (!dropped || attempt > 0 || g_handles_open > 0) {
            break;
        }
        cai_psa_client_disconnect();
        if (cai_psa_client_open() != 0) {
            return -1;
        }
    }
    if (n != (ssize_t)total) {
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            set_error("the SPE on %s took no request within %u ms (stopped or hung?)", g_path,
                      cai_psa_client_timeout_ms());
        }
        goto fail;
    }
    /* MSG_TRUNC: the real size comes back, so an oversized reply is seen. */
    do {
        n = recv(g_fd, g_rep_buf, sizeof(g_rep_buf), MSG_TRUNC);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        set_error("the SPE on %s did not answer within %u ms (stopped or hung?; "
                  "CAI_SPE_TIMEOUT_MS sets the limit)",
                  g_path, cai_psa_client_timeout_ms());
        goto fail;
    }
    if (n <= 0 || (size_t)n > sizeof(g_rep_buf)) {
        goto fail;
    }
    if (cai_frame_rep_decode(g_rep_buf, (size_t)n, req, rep) != CAI_FRAME_OK) {
        goto fail;
    }
    size_t off = CAI_FRAME_REP_HDR_SIZE;
    for (size_t i = 0; i < rep->n_out; i++) {
        if (rep->out_len[i] > 0) {
            memcpy(out[i].base, g_rep_buf + off, rep->out_len[i]);
        }
        out[i].len = rep->out_len[i];
        off += rep->out_len[i];
    }
    return 0;
fail:
    cai_psa_client_disconnect();
    return -1;
}

uint32_t psa_framework_version(void)
{
    cai_frame_req_t req = { .op = CAI_OP_FRAMEWORK_VERSION };
    cai_frame_rep_t rep;
    return transact(&req, NULL, NULL, &rep) == 0 ? rep.value : 0u;
}

uint32_t psa_version(uint32_t sid)
{
    cai_frame_req_t req = { .op = CAI_OP_VERSION, .arg0 = (int32_t)sid };
    cai_frame_rep_t rep;
    return transact(&req, NULL, NULL, &rep) == 0 ? rep.value : PSA_VERSION_NONE;
}

psa_handle_t psa_connect(uint32_t sid, uint32_t version)
{
    cai_frame_req_t req = { .op = CAI_OP_CONNECT, .arg0 = (int32_t)sid, .arg1 = (int32_t)version };
    cai_frame_rep_t rep;
    if (transact(&req, NULL, NULL, &rep) != 0) {
        return PSA_ERROR_COMMUNICATION_FAILURE;
    }
    if (rep.status > 0) {
        g_handles_open++;
    }
    return rep.status;
}

/* A call that did not complete wrote nothing: say so in every out-vector
 * the caller passed (its array has out_len entries, as psa_call's contract
 * says), so no caller mistakes its buffer's old contents for a result. */
static psa_status_t nothing_written(psa_outvec *out_vec, size_t out_len, psa_status_t st)
{
    for (size_t i = 0; out_vec != NULL && i < out_len; i++) {
        out_vec[i].len = 0;
    }
    return st;
}

psa_status_t psa_call(psa_handle_t handle, int32_t type, const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len)
{
    /* What the frame cannot express is refused here, as the SPM would:
     * the frame has PSA_MAX_IOVEC slots per direction, the SPM a byte cap.
     * Every early return goes through nothing_written. */
    if (in_len > CAI_FRAME_MAX_VECS || out_len > CAI_FRAME_MAX_VECS ||
        (in_len > 0 && in_vec == NULL) || (out_len > 0 && out_vec == NULL)) {
        return nothing_written(out_vec, out_len, PSA_ERROR_PROGRAMMER_ERROR);
    }
    cai_frame_req_t req = { .op = CAI_OP_CALL,
                            .arg0 = handle,
                            .arg1 = type,
                            .n_in = (uint8_t)in_len,
                            .n_out = (uint8_t)out_len };
    uint64_t total = 0;
    for (size_t i = 0; i < in_len; i++) {
        if (in_vec[i].len > CAI_IPC_MAX_CALL_BYTES ||
            (in_vec[i].len > 0 && in_vec[i].base == NULL)) {
            return nothing_written(out_vec, out_len, PSA_ERROR_PROGRAMMER_ERROR);
        }
        req.in_len[i] = (uint32_t)in_vec[i].len;
        total += in_vec[i].len;
    }
    for (size_t i = 0; i < out_len; i++) {
        if (out_vec[i].len > CAI_IPC_MAX_CALL_BYTES ||
            (out_vec[i].len > 0 && out_vec[i].base == NULL)) {
            return nothing_written(out_vec, out_len, PSA_ERROR_PROGRAMMER_ERROR);
        }
        req.out_len[i] = (uint32_t)out_vec[i].len;
        total += out_vec[i].len;
    }
    if (total > CAI_IPC_MAX_CALL_BYTES) {
        return nothing_written(out_vec, out_len, PSA_ERROR_PROGRAMMER_ERROR);
    }
    cai_frame_rep_t rep;
    if (transact(&req, in_vec, out_vec, &rep) != 0) {
        return nothing_written(out_vec, out_len, PSA_ERROR_COMMUNICATION_FAILURE);
    }
    return rep.status;
}

psa_status_t cai_psa_close_status(psa_handle_t handle)
{
    cai_frame_req_t req = { .op = CAI_OP_CLOSE, .arg0 = handle };
    cai_frame_rep_t rep;
    if (transact(&req, NULL, NULL, &rep) != 0) {
        return PSA_ERROR_COMMUNICATION_FAILURE;
    }
    if (rep.status == PSA_SUCCESS && g_handles_open > 0) {
        g_handles_open--;
    }
    return rep.status;
}

void psa_close(psa_handle_t handle)
{
    (void)cai_psa_close_status(handle);
}
