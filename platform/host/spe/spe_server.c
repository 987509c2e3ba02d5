/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe request server: a single-threaded epoll loop over the listening
 * socket, a signalfd for SIGTERM/SIGINT and a static table of NS clients.
 * Like a real SPE it handles one request at a time; each request is one
 * SOCK_SEQPACKET message and each reply one message (one receive and one
 * send syscall per call after the wake-up, no allocation).
 *
 * Trust boundary: everything in a received frame is checked by
 * cai_frame_req_decode before use. A client that sends garbage, overflows a
 * frame, stops reading its replies or disconnects is dropped and its handles
 * closed (cai_spm_client_gone); nobody else notices.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "cai/crypto.h"
#include "cai/identity.h"
#include "cai/services.h"
#include "cai/spm.h"
#include "cai_host/frame.h"
#include "cai_host/spe.h"

typedef struct spe_client {
    int fd;            /* -1: free slot */
    int32_t client_id; /* negative, unique among live clients */
    pid_t pid;         /* from SO_PEERCRED: the peer, for quotas and the log */
    uid_t uid;
    uint64_t last_ms; /* monotonic time of the last request (or the accept) */
    /* Handles this connection opened and has not closed (per-peer quotas). */
    psa_handle_t handles[CAI_SPM_MAX_CONNECTIONS_PER_CLIENT];
    size_t n_handles;
} spe_client_t;

static spe_client_t g_clients[CAI_SPE_MAX_CLIENTS];
static struct epoll_event g_events[2 + CAI_SPE_MAX_CLIENTS];
static int g_epoll_fd = -1;
static int32_t g_next_client_id = -1;

/* Received request; in-vectors are used in place (the kernel already copied
 * them out of the client's memory into ours). One spare byte is not needed:
 * MSG_TRUNC tells us about oversized frames. */
static uint8_t g_req_buf[CAI_FRAME_REQ_MAX];
/* Out-vectors live here while the service writes them. */
static uint8_t g_out_buf[CAI_IPC_MAX_CALL_BYTES];
static size_t g_out_dirty; /* bytes of g_out_buf the current call offered */

/* epoll tags: client slot index, or one of these. */
#define TAG_LISTEN UINT64_MAX
#define TAG_SIGNAL (UINT64_MAX - 1)

static int epoll_add(int ep, int fd, uint64_t tag)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static bool client_id_in_use(int32_t id)
{
    for (size_t i = 0; i < CAI_SPE_MAX_CLIENTS; i++) {
        if (g_clients[i].fd >= 0 && g_clients[i].client_id == id) {
            return true;
        }
    }
    return false;
}

static int32_t next_client_id(void)
{
    for (;;) {
        int32_t id = g_next_client_id;
        g_next_client_id = (id == INT32_MIN + 1) ? -1 : id - 1;
        if (!client_id_in_use(id)) {
            return id;
        }
    }
}

/* A hostile client can get itself dropped as fast as it reconnects: cap
 * these lines so it cannot fill the log (and the disk) with them. */
#define NOISY_LOG_PER_SECOND CAI_SPE_NOISY_LOG_PER_SECOND
static time_t g_noisy_second;
static unsigned g_noisy_count, g_noisy_suppressed;

static bool noisy_log_allowed(void)
{
    time_t now = time(NULL);
    if (now != g_noisy_second) {
        if (g_noisy_suppressed > 0) {
            cai_host_log("[SPE] %u more client drop/refusal messages suppressed",
                         g_noisy_suppressed);
        }
        g_noisy_second = now;
        g_noisy_count = 0;
        g_noisy_suppressed = 0;
    }
    if (g_noisy_count < NOISY_LOG_PER_SECOND) {
        g_noisy_count++;
        return true;
    }
    g_noisy_suppressed++;
    return false;
}

static void drop_client(spe_client_t *c, const char *why)
{
    if (why != NULL && noisy_log_allowed()) {
        cai_host_log("[SPE] client %d (pid %d, uid %u) dropped: %s", (int)c->client_id, (int)c->pid,
                     (unsigned)c->uid, why);
    }
    cai_spm_client_gone(c->client_id);
    close(c->fd);
    c->fd = -1;
    c->n_handles = 0;
}

/* One descriptor held in reserve: out of descriptors, a pending connection
 * would keep the listener readable and spin the loop; the reserve lets us
 * accept it and close it at once instead. */
static int g_reserve_fd = -1;

/* ---- Admission and per-peer quotas (docs/host.md "Admission", "Limits") */

static cai_spe_policy_t g_policy = {
    .idle_timeout_s = CAI_SPE_IDLE_TIMEOUT_DEFAULT_S,
    .rate_burst = CAI_SPE_RATE_BURST_DEFAULT,
    .rate_per_second = CAI_SPE_RATE_PER_SECOND_DEFAULT,
};

void cai_spe_policy_default(cai_spe_policy_t *p)
{
    memset(p, 0, sizeof(*p));
    p->idle_timeout_s = CAI_SPE_IDLE_TIMEOUT_DEFAULT_S;
    p->rate_burst = CAI_SPE_RATE_BURST_DEFAULT;
    p->rate_per_second = CAI_SPE_RATE_PER_SECOND_DEFAULT;
}

void cai_spe_server_set_policy(const cai_spe_policy_t *p)
{
    g_policy = *p;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool gid_allowed(gid_t g)
{
    for (size_t i = 0; i < g_policy.n_allow_gid; i++) {
        if (g_policy.allow_gid[i] == g) {
            return true;
        }
    }
    return false;
}

/* Root, our own uid, an allowed uid, or a member (primary or supplementary
 * group at connect time) of an allowed group. */
static bool peer_admitted(int fd, const struct ucred *cred)
{
    if (cred->uid == 0 || cred->uid == geteuid()) {
        return true;
    }
    for (size_t i = 0; i < g_policy.n_allow_uid; i++) {
        if (g_policy.allow_uid[i] == cred->uid) {
            return true;
        }
    }
    if (gid_allowed(cred->gid)) {
        return true;
    }
    static gid_t groups[256];
    socklen_t len = sizeof(groups);
    if (g_policy.n_allow_gid > 0 && getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0) {
        for (size_t i = 0; i < len / sizeof(gid_t); i++) {
            if (gid_allowed(groups[i])) {
                return true;
            }
        }
    }
    if (noisy_log_allowed()) {
        cai_host_log("[SPE] refusing pid %d: uid %u (gid %u) is not allowed (not root, not the "
                     "SPE's uid %u, not in --allow-uid, no group in --allow-gid)",
                     (int)cred->pid, (unsigned)cred->uid, (unsigned)cred->gid, (unsigned)geteuid());
    }
    return false;
}

/* The per-uid quotas keep uids apart; root and our own uid are bound by
 * the per-process ones only (spe_limits.h). */
static bool uid_quota_applies(uid_t uid)
{
    return uid != 0 && uid != geteuid();
}

static void peer_counts(pid_t pid, uid_t uid, unsigned *conn_pid, unsigned *conn_uid,
                        unsigned *handles_pid, unsigned *handles_uid)
{
    *conn_pid = *conn_uid = *handles_pid = *handles_uid = 0;
    for (size_t i = 0; i < CAI_SPE_MAX_CLIENTS; i++) {
        const spe_client_t *c = &g_clients[i];
        if (c->fd < 0) {
            continue;
        }
        if (c->pid == pid) {
            (*conn_pid)++;
            *handles_pid += (unsigned)c->n_handles;
        }
        if (c->uid == uid) {
            (*conn_uid)++;
            *handles_uid += (unsigned)c->n_handles;
        }
    }
}

static bool peer_has_room(const struct ucred *cred)
{
    unsigned cp, cu, hp, hu;
    peer_counts(cred->pid, cred->uid, &cp, &cu, &hp, &hu);
    const char *why = NULL;
    unsigned limit = 0;
    if (cp >= CAI_SPE_MAX_CONN_PER_PID) {
        why = "process";
        limit = CAI_SPE_MAX_CONN_PER_PID;
    } else if (uid_quota_applies(cred->uid) && cu >= CAI_SPE_MAX_CONN_PER_UID) {
        why = "uid";
        limit = CAI_SPE_MAX_CONN_PER_UID;
    }
    if (why == NULL) {
        return true;
    }
    if (noisy_log_allowed()) {
        cai_host_log("[SPE] refusing pid %d (uid %u): the %s already has %u connections (limit)",
                     (int)cred->pid, (unsigned)cred->uid, why, limit);
    }
    return false;
}

/* A new handle for c, within the peer's handle quotas? */
static bool handle_quota_ok(const spe_client_t *c)
{
    unsigned cp, cu, hp, hu;
    peer_counts(c->pid, c->uid, &cp, &cu, &hp, &hu);
    bool ok = hp < CAI_SPE_MAX_HANDLES_PER_PID &&
              (!uid_quota_applies(c->uid) || hu < CAI_SPE_MAX_HANDLES_PER_UID);
    if (!ok && noisy_log_allowed()) {
        cai_host_log("[SPE] pid %d (uid %u): handle quota reached (%u per process, %u per uid)",
                     (int)c->pid, (unsigned)c->uid, CAI_SPE_MAX_HANDLES_PER_PID,
                     CAI_SPE_MAX_HANDLES_PER_UID);
    }
    return ok;
}

static void handle_opened(spe_client_t *c, psa_handle_t h)
{
    if (h > 0 && c->n_handles < CAI_SPM_MAX_CONNECTIONS_PER_CLIENT) {
        c->handles[c->n_handles++] = h;
    }
}

/* Closed (or refused as not a handle of this client: then the SPM does not
 * hold it either). */
static void handle_closed(spe_client_t *c, psa_handle_t h)
{
    for (size_t i = 0; i < c->n_handles; i++) {
        if (c->handles[i] == h) {
            c->handles[i] = c->handles[--c->n_handles];
            return;
        }
    }
}

/* Token buckets of the expensive calls, per uid. */
typedef struct rate_peer {
    bool used;
    uid_t uid;
    uint64_t tokens_milli; /* tokens x 1000 */
    uint64_t at_ms;
} rate_peer_t;
static rate_peer_t g_rate[CAI_SPE_RATE_PEERS];

static bool expensive_call(int32_t handle, int32_t type)
{
    return handle == CAI_STATELESS_HANDLE(CAI_IDENTITY_INDEX, CAI_IDENTITY_VERSION) &&
           (type == CAI_IDENTITY_CALL_CSR || type == CAI_IDENTITY_CALL_SIGN_TLS_DIGEST ||
            type == CAI_IDENTITY_CALL_CERT_SET);
}

static void rate_refill(rate_peer_t *r, uint64_t now)
{
    uint64_t cap = (uint64_t)g_policy.rate_burst * 1000u;
    uint64_t add = (now - r->at_ms) * g_policy.rate_per_second; /* ms x per-s = milli */
    r->tokens_milli = (r->tokens_milli + add > cap) ? cap : r->tokens_milli + add;
    r->at_ms = now;
}

static rate_peer_t *rate_peer(uid_t uid, uint64_t now)
{
    rate_peer_t *best = NULL;
    for (size_t i = 0; i < CAI_SPE_RATE_PEERS; i++) {
        rate_peer_t *r = &g_rate[i];
        if (r->used && r->uid == uid) {
            rate_refill(r, now);
            return r;
        }
    }
    /* A free entry, else the fullest bucket (a full one is a new one). */
    for (size_t i = 0; i < CAI_SPE_RATE_PEERS; i++) {
        rate_peer_t *r = &g_rate[i];
        if (!r->used) {
            best = r;
            break;
        }
        rate_refill(r, now);
        if (best == NULL || r->tokens_milli > best->tokens_milli) {
            best = r;
        }
    }
    best->used = true;
    best->uid = uid;
    best->tokens_milli = (uint64_t)g_policy.rate_burst * 1000u;
    best->at_ms = now;
    return best;
}

/* May c make this call now? Takes a token for an expensive one. */
static bool rate_ok(const spe_client_t *c, int32_t handle, int32_t type)
{
    if (g_policy.rate_burst == 0 || !expensive_call(handle, type)) {
        return true;
    }
    rate_peer_t *r = rate_peer(c->uid, now_ms());
    if (r->tokens_milli >= 1000u) {
        r->tokens_milli -= 1000u;
        return true;
    }
    if (noisy_log_allowed()) {
        cai_host_log("[SPE] pid %d (uid %u): expensive calls throttled (%u at once, %u per "
                     "second per uid)",
                     (int)c->pid, (unsigned)c->uid, g_policy.rate_burst, g_policy.rate_per_second);
    }
    return false;
}

/* Drop connections that hold no handle and have sent nothing for the idle
 * timeout. A client blocked in a call is never idle: the SPE serves one
 * request at a time and stamps the connection when it reads the request. */
static void drop_idle(uint64_t now)
{
    if (g_policy.idle_timeout_s == 0) {
        return;
    }
    uint64_t limit = (uint64_t)g_policy.idle_timeout_s * 1000u;
    for (size_t i = 0; i < CAI_SPE_MAX_CLIENTS; i++) {
        spe_client_t *c = &g_clients[i];
        if (c->fd >= 0 && c->n_handles == 0 && now - c->last_ms >= limit) {
            drop_client(c, "idle");
        }
    }
}

/* epoll_wait's timeout: until the next idle check is due (-1: none). */
static int idle_wait_ms(void)
{
    if (g_policy.idle_timeout_s == 0) {
        return -1;
    }
    /* Checked at least once a second: a dropped connection is at most one
     * second late, and the loop never spins. */
    return 1000;
}

static void refuse_without_fds(int listen_fd)
{
    if (g_reserve_fd < 0) {
        return;
    }
    close(g_reserve_fd);
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0) {
        close(fd);
    }
    g_reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (noisy_log_allowed()) {
        cai_host_log("[SPE] refusing a client: out of file descriptors");
    }
}

static void accept_client(int listen_fd)
{
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE) {
            refuse_without_fds(listen_fd);
        }
        return; /* EAGAIN, ECONNABORTED...: nothing to undo */
    }
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || len != sizeof(cred)) {
        if (noisy_log_allowed()) {
            cai_host_log("[SPE] refusing a client: no peer credentials");
        }
        close(fd);
        return;
    }
    /* The runtime directory's mode already keeps others out; this is the
     * second lock: the allow-list, then the per-peer connection quotas. */
    if (!peer_admitted(fd, &cred) || !peer_has_room(&cred)) {
        close(fd);
        return;
    }
    for (size_t i = 0; i < CAI_SPE_MAX_CLIENTS; i++) {
        if (g_clients[i].fd < 0) {
            if (epoll_add(g_epoll_fd, fd, i) != 0) {
                cai_host_log("[SPE] refusing pid %d: %s", (int)cred.pid, strerror(errno));
                close(fd);
                return;
            }
            g_clients[i].fd = fd;
            g_clients[i].client_id = next_client_id();
            g_clients[i].pid = cred.pid;
            g_clients[i].uid = cred.uid;
            g_clients[i].last_ms = now_ms();
            g_clients[i].n_handles = 0;
            return;
        }
    }
    if (noisy_log_allowed()) {
        cai_host_log("[SPE] refusing pid %d: all %u client slots busy", (int)cred.pid,
                     CAI_SPE_MAX_CLIENTS);
    }
    close(fd);
}

/* Send one reply frame: header plus the written bytes of each out-vector.
 * Non-blocking: a client that does not read its replies is dropped rather
 * than being allowed to stall the SPE. */
static int send_reply(spe_client_t *c, const cai_frame_rep_t *rep, psa_outvec *out)
{
    uint8_t hdr[CAI_FRAME_REP_HDR_SIZE];
    struct iovec iov[1 + CAI_FRAME_MAX_VECS];
    size_t n_iov = 1;
    cai_frame_rep_encode(rep, hdr);
    iov[0].iov_base = hdr;
    iov[0].iov_len = sizeof(hdr);
    for (size_t i = 0; i < rep->n_out; i++) {
        if (rep->out_len[i] > 0) {
            iov[n_iov].iov_base = out[i].base;
            iov[n_iov].iov_len = rep->out_len[i];
            n_iov++;
        }
    }
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = n_iov };
    ssize_t n;
    do {
        /* send() when there is only the header: the same single syscall
         * without importing a msghdr and iovec array (measurable per call). */
        n = n_iov == 1 ? send(c->fd, hdr, sizeof(hdr), MSG_DONTWAIT | MSG_NOSIGNAL)
                       : sendmsg(c->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : 0;
}

static void handle_call(spe_client_t *c, const cai_frame_req_t *req, cai_frame_rep_t *rep,
                        psa_outvec *out)
{
    psa_invec in[CAI_FRAME_MAX_VECS];
    size_t off = CAI_FRAME_REQ_HDR_SIZE;
    for (size_t i = 0; i < req->n_in; i++) {
        in[i].base = g_req_buf + off;
        in[i].len = req->in_len[i];
        off += req->in_len[i];
    }
    /* The decoder guaranteed sum(in) + sum(out) <= the cap, so the out
     * regions fit g_out_buf and never overlap each other. */
    size_t out_off = 0;
    for (size_t i = 0; i < req->n_out; i++) {
        out[i].base = g_out_buf + out_off;
        out[i].len = req->out_len[i];
        out_off += req->out_len[i];
    }
    /* g_out_buf is shared by all clients, and all zero outside a call: it
     * starts zeroed (static) and every call's offered region is wiped after
     * its reply (wipe_call_buffers). So even a service that reported more
     * than it wrote could never send another client's bytes (defence in
     * depth; the SPM counts only bytes written by this call), without
     * clearing the region a second time before the call. */
    g_out_dirty = out_off;
    /* The SPM sets every out[i].len: the bytes the service wrote, 0 when no
     * service ran (refused, bad handle, too many vectors...). */
    rep->status = cai_spm_call(c->client_id, req->arg0, req->arg1, in, req->n_in, out, req->n_out);
    rep->n_out = req->n_out;
    for (size_t i = 0; i < req->n_out; i++) {
        /* Never more than the caller offered (the SPM guarantees it; the
         * frame must, whatever happens above). */
        rep->out_len[i] = out[i].len <= req->out_len[i] ? (uint32_t)out[i].len : 0u;
    }
}

/* The call's bytes must not outlive it: the request (in-vectors, used in
 * place) and the out-vectors offered are wiped once the reply is sent (or
 * the frame refused), so no plaintext waits in the SPE's memory for the
 * next call to overwrite it. */

static void wipe_call_buffers(size_t req_len)
{
    cai_wipe(g_req_buf, req_len < sizeof(g_req_buf) ? req_len : sizeof(g_req_buf));
    cai_wipe(g_out_buf, g_out_dirty);
    g_out_dirty = 0;
}

static void serve_frame(spe_client_t *c, size_t n);

static void serve_client(spe_client_t *c)
{
    /* recv with MSG_TRUNC returns the message's real size, so a frame that
     * did not fit shows up as n > sizeof(g_req_buf). */
    ssize_t n;
    do {
        n = recv(c->fd, g_req_buf, sizeof(g_req_buf), MSG_DONTWAIT | MSG_TRUNC);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return;
    }
    if (n <= 0) {
        drop_client(c, NULL); /* orderly close or reset: the client is gone */
        return;
    }
    c->last_ms = now_ms();
    serve_frame(c, (size_t)n);
    wipe_call_buffers((size_t)n);
}

static void serve_frame(spe_client_t *c, size_t n)
{
    if (n > sizeof(g_req_buf)) {
        drop_client(c, "frame larger than the maximum");
        return;
    }

    cai_frame_req_t req;
    cai_frame_result_t fr = cai_frame_req_decode(g_req_buf, n, &req);
    if (fr != CAI_FRAME_OK && fr != CAI_FRAME_TOO_BIG) {
        drop_client(c, cai_frame_result_str(fr));
        return;
    }
    cai_frame_rep_t rep = { 0 };
    psa_outvec out[CAI_FRAME_MAX_VECS];
    rep.op = (uint8_t)(req.op | CAI_FRAME_REPLY_BIT);
    rep.seq = req.seq;
    if (fr == CAI_FRAME_TOO_BIG) {
        /* Well formed, but asks for more than the SPM cap: an FF-M
         * programmer error, answered rather than dropped. */
        rep.status = PSA_ERROR_PROGRAMMER_ERROR;
        rep.n_out = req.n_out;
    } else {
        switch (req.op) {
        case CAI_OP_FRAMEWORK_VERSION:
            rep.value = PSA_FRAMEWORK_VERSION;
            break;
        case CAI_OP_VERSION:
            rep.value = cai_spm_version(c->client_id, (uint32_t)req.arg0);
            break;
        case CAI_OP_CONNECT:
            if (!handle_quota_ok(c)) {
                rep.status = PSA_ERROR_CONNECTION_BUSY;
                break;
            }
            rep.status = cai_spm_connect(c->client_id, (uint32_t)req.arg0, (uint32_t)req.arg1);
            handle_opened(c, rep.status);
            break;
        case CAI_OP_CALL:
            if (!rate_ok(c, req.arg0, req.arg1)) {
                /* Nothing ran: every out length stays 0. */
                rep.status = PSA_ERROR_CONNECTION_BUSY;
                rep.n_out = req.n_out;
                break;
            }
            handle_call(c, &req, &rep, out);
            break;
        case CAI_OP_CLOSE:
            rep.status = cai_spm_close(c->client_id, req.arg0);
            handle_closed(c, req.arg0);
            break;
        default:
            drop_client(c, "unknown operation");
            return;
        }
    }
    if (send_reply(c, &rep, out) != 0) {
        drop_client(c, "cannot deliver the reply (client not reading or gone)");
    }
}

/* The idle check, at most once a second whatever the call rate. */
static void idle_tick(void)
{
    static uint64_t next_ms;
    uint64_t now = now_ms();
    if (now >= next_ms) {
        drop_idle(now);
        next_ms = now + 1000u;
    }
}

int cai_spe_serve(int listen_fd, volatile sig_atomic_t *stop)
{
    for (size_t i = 0; i < CAI_SPE_MAX_CLIENTS; i++) {
        g_clients[i].fd = -1;
    }
    /* epoll (set up once) rather than poll: a wake-up costs one epoll_wait
     * on the ready list instead of re-arming every fd per request. The stop
     * signals (blocked by the caller) arrive through a signalfd in the same
     * set, so no signal mask is swapped per request either. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    g_reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    g_epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    int sig_fd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
    if (g_epoll_fd < 0 || sig_fd < 0 || epoll_add(g_epoll_fd, listen_fd, TAG_LISTEN) != 0 ||
        epoll_add(g_epoll_fd, sig_fd, TAG_SIGNAL) != 0) {
        cai_host_log("[SPE] cannot set up the event loop: %s", strerror(errno));
        return -1;
    }

    int rc = 0;
    while (!*stop) {
        int n = epoll_wait(g_epoll_fd, g_events, (int)(sizeof(g_events) / sizeof(g_events[0])),
                           idle_wait_ms());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            cai_host_log("[SPE] epoll_wait failed: %s", strerror(errno));
            rc = -1;
            break;
        }
        bool accept_pending = false;
        for (int k = 0; k < n; k++) {
            uint64_t tag = g_events[k].data.u64;
            if (tag == TAG_LISTEN) {
                accept_pending = true; /* after the clients: no slot reuse mid-batch */
            } else if (tag == TAG_SIGNAL) {
                struct signalfd_siginfo si;
                while (read(sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
                    *stop = 1;
                }
            } else if (tag < CAI_SPE_MAX_CLIENTS && g_clients[tag].fd >= 0) {
                serve_client(&g_clients[tag]); /* EOF/HUP shows up as a 0-byte read */
            }
        }
        if (accept_pending && !*stop) {
            accept_client(listen_fd);
        }
        idle_tick();
    }
    for (size_t i = 0; i < CAI_SPE_MAX_CLIENTS; i++) {
        if (g_clients[i].fd >= 0) {
            drop_client(&g_clients[i], NULL);
        }
    }
    close(sig_fd);
    close(g_epoll_fd);
    g_epoll_fd = -1;
    if (g_reserve_fd >= 0) {
        close(g_reserve_fd);
        g_reserve_fd = -1;
    }
    return rc;
}
