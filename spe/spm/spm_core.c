/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SPM proper: the connection table, the FF-M rules of psa_version,
 * psa_connect, psa_call and psa_close, and the dispatch stack that runs a
 * service function (and, nested, the services it calls in turn).
 *
 * Everything is static and sized at compile time (spe/include/cai/partition.h); no OS
 * call, no heap. See docs/spm.md for the rules and the handle format.
 */
#include "spm_internal.h"

#include <string.h>

/* Connection handle: bits 29:8 a generation counter (never 0), bits 7:0 the
 * slot index. So handles are > 0 and <= 0x3FFFFFFF (bit 30 clear: never
 * mistaken for a stateless handle), and a handle kept after close, or made
 * up, does not match the slot's current generation. */
#define SPM_SLOT_BITS 8u
#define SPM_SLOT_MASK 0xFFu
#define SPM_GEN_MAX   0x3FFFFFu

/* Stateless handle (CAI_STATELESS_HANDLE, include/cai/services.h): bit 30,
 * version in 15:8, index-1 in 4:0. */
#define SPM_STATELESS_BIT          0x40000000u
#define SPM_STATELESS_ALLOWED_BITS (SPM_STATELESS_BIT | 0xFF00u | 0x1Fu)

/* Message handles only need to be positive and to differ from the previous
 * messages': the one valid message handle is that of the running frame. */
#define SPM_MSG_HANDLE_MAX 0x3FFFFFFF

_Static_assert(CAI_SPM_MAX_CONNECTIONS <= (1u << SPM_SLOT_BITS), "slot index must fit 8 bits");
_Static_assert(CAI_SPM_SECURE_RESERVED_CONNECTIONS < CAI_SPM_MAX_CONNECTIONS,
               "NS clients need some slots");
_Static_assert(CAI_SPM_MAX_CONNECTIONS_PER_CLIENT >= 1, "a client needs a slot");
_Static_assert(CAI_SPM_MAX_NESTING >= 2, "a partition must be able to call another");

static struct {
    const cai_manifest_t *manifest; /* NULL: not booted (or boot failed): serve nothing */
    spm_conn_t conns[CAI_SPM_MAX_CONNECTIONS];
    spm_frame_t frames[CAI_SPM_MAX_NESTING];
    size_t depth;           /* frames in use */
    int32_t init_partition; /* partition whose init runs, or 0 */
    psa_handle_t last_msg_handle;
    bool flushing;    /* flush_pending_closes is on the stack */
    size_t n_pending; /* slots in SPM_CONN_CLOSING */
} spm;

/* ---- manifest look-ups --------------------------------------------------- */

static const cai_service_t *service_by_sid(uint32_t sid)
{
    for (size_t i = 0; i < spm.manifest->n_services; i++) {
        if (spm.manifest->services[i].sid == sid) {
            return &spm.manifest->services[i];
        }
    }
    return NULL;
}

static const cai_service_t *service_by_stateless_index(uint32_t index)
{
    for (size_t i = 0; i < spm.manifest->n_services; i++) {
        const cai_service_t *s = &spm.manifest->services[i];
        if (!s->connection_based && s->stateless_index == index) {
            return s;
        }
    }
    return NULL;
}

/* NS callers (< 0) need non_secure_clients; a partition (> 0) must be listed
 * in secure_clients; client id 0 is nobody. */
static bool caller_allowed(const cai_service_t *s, int32_t client)
{
    if (client < 0) {
        return s->non_secure_clients;
    }
    for (size_t i = 0; client > 0 && i < s->n_secure_clients; i++) {
        if (s->secure_clients[i] == client) {
            return true;
        }
    }
    return false;
}

static bool version_accepted(const cai_service_t *s, uint32_t version)
{
    if (s->version_policy == CAI_VERSION_POLICY_RELAXED) {
        return version <= s->version;
    }
    return version == s->version;
}

/* ---- the dispatch stack -------------------------------------------------- */

static bool partition_active(int32_t partition_id)
{
    if (spm.init_partition == partition_id) {
        return true;
    }
    for (size_t i = 0; i < spm.depth; i++) {
        if (spm.frames[i].service->partition_id == partition_id) {
            return true;
        }
    }
    return false;
}

/* A service function is not re-entrant (it may be halfway through its own
 * state), and the stack is bounded: a message to a partition already running
 * or beyond CAI_SPM_MAX_NESTING cannot be delivered now. */
static bool can_dispatch_to(const cai_service_t *s)
{
    return spm.depth < CAI_SPM_MAX_NESTING && !partition_active(s->partition_id);
}

spm_frame_t *spm_current_frame(void)
{
    return spm.depth > 0 ? &spm.frames[spm.depth - 1] : NULL;
}

int32_t cai_spm_current_partition(void)
{
    if (spm.depth > 0) {
        return spm.frames[spm.depth - 1].service->partition_id;
    }
    return spm.init_partition;
}

static psa_handle_t next_msg_handle(void)
{
    spm.last_msg_handle = spm.last_msg_handle >= SPM_MSG_HANDLE_MAX ? 1 : spm.last_msg_handle + 1;
    return spm.last_msg_handle;
}

static void flush_pending_closes(void);

/* Runs the service function for one message; the caller checked
 * can_dispatch_to(s) and the vectors. */
static psa_status_t dispatch(const cai_service_t *s, spm_conn_t *conn, int32_t client, int32_t type,
                             const psa_invec *in, size_t in_len, psa_outvec *out, size_t out_len)
{
    spm_frame_t *f = &spm.frames[spm.depth];
    memset(f, 0, sizeof(*f));
    f->service = s;
    f->conn = conn;
    f->msg.type = type;
    f->msg.handle = next_msg_handle();
    f->msg.client_id = client;
    f->msg.rhandle = conn != NULL ? conn->rhandle : NULL;
    for (size_t i = 0; i < in_len; i++) {
        f->in_base[i] = in[i].base;
        f->msg.in_size[i] = in[i].len;
    }
    for (size_t i = 0; i < out_len; i++) {
        f->out_base[i] = out[i].base;
        f->msg.out_size[i] = out[i].len;
    }
    /* The service gets a copy: whatever it does to *msg, the SPM's record
     * of the message (handle, sizes) stays intact. */
    psa_msg_t copy = f->msg;

    spm.depth++;
    psa_status_t status = s->sfn(&copy);
    spm.depth--;

    if (f->faulted) {
        /* The service broke a rule (wrote past an output, bad index or
         * message handle): its partial output is not trustworthy. */
        status = PSA_ERROR_PROGRAMMER_ERROR;
        for (size_t i = 0; i < out_len; i++) {
            out[i].len = 0;
        }
    } else {
        for (size_t i = 0; i < out_len; i++) {
            out[i].len = f->out_pos[i];
        }
    }
    flush_pending_closes();
    return status;
}

/* ---- the connection table ------------------------------------------------ */

static psa_handle_t conn_handle(const spm_conn_t *c)
{
    size_t index = (size_t)(c - spm.conns);
    return (psa_handle_t)((c->generation << SPM_SLOT_BITS) | (uint32_t)index);
}

/* The open connection `handle` names, if `client` owns it; NULL otherwise
 * (null, negative, stateless, stale, forged or another client's handle). */
static spm_conn_t *conn_from_handle(int32_t client, psa_handle_t handle)
{
    if (handle <= 0 || ((uint32_t)handle & SPM_STATELESS_BIT) != 0) {
        return NULL;
    }
    uint32_t index = (uint32_t)handle & SPM_SLOT_MASK;
    uint32_t generation = (uint32_t)handle >> SPM_SLOT_BITS;
    if (index >= CAI_SPM_MAX_CONNECTIONS) {
        return NULL;
    }
    spm_conn_t *c = &spm.conns[index];
    if (c->state != SPM_CONN_OPEN || c->generation != generation || c->owner != client) {
        return NULL;
    }
    return c;
}

/* A free slot for `client`, or NULL if the table is full or the client (or
 * the NS side as a whole) already holds its share. One pass over the table. */
static spm_conn_t *conn_alloc(int32_t client, const cai_service_t *s)
{
    size_t held = 0, held_by_ns = 0;
    spm_conn_t *free_slot = NULL;
    for (size_t i = 0; i < CAI_SPM_MAX_CONNECTIONS; i++) {
        spm_conn_t *c = &spm.conns[i];
        if (c->state == SPM_CONN_FREE) {
            free_slot = free_slot != NULL ? free_slot : c;
            continue;
        }
        held += c->owner == client;
        held_by_ns += c->owner < 0;
    }
    if (free_slot == NULL || held >= CAI_SPM_MAX_CONNECTIONS_PER_CLIENT ||
        (client < 0 &&
         held_by_ns >= CAI_SPM_MAX_CONNECTIONS - CAI_SPM_SECURE_RESERVED_CONNECTIONS)) {
        return NULL;
    }
    free_slot->state = SPM_CONN_CONNECTING;
    free_slot->owner = client;
    free_slot->service = s;
    free_slot->rhandle = NULL;
    return free_slot;
}

static void conn_free(spm_conn_t *c)
{
    c->state = SPM_CONN_FREE;
    c->owner = 0;
    c->service = NULL;
    c->rhandle = NULL;
    c->generation = c->generation >= SPM_GEN_MAX ? 1u : c->generation + 1u;
}

static void deliver_disconnect(spm_conn_t *c)
{
    c->state = SPM_CONN_DISCONNECTING;
    /* The reply to PSA_IPC_DISCONNECT is ignored (FF-M). */
    (void)dispatch(c->service, c, c->owner, PSA_IPC_DISCONNECT, NULL, 0, NULL, 0);
    conn_free(c);
}

/* The handle is dead for its client from here on; the service hears
 * PSA_IPC_DISCONNECT now, or, if its partition is running (a nested call
 * closing a connection to a partition further up the stack) or the stack is
 * full, as soon as the stack unwinds far enough. */
static void conn_close(spm_conn_t *c)
{
    if (can_dispatch_to(c->service)) {
        deliver_disconnect(c);
    } else {
        c->state = SPM_CONN_CLOSING;
        spm.n_pending++;
    }
}

static void flush_pending_closes(void)
{
    if (spm.flushing || spm.n_pending == 0) {
        return; /* an outer flush loops until nothing is left to do */
    }
    spm.flushing = true;
    bool progress = true;
    while (progress) {
        progress = false;
        for (size_t i = 0; i < CAI_SPM_MAX_CONNECTIONS; i++) {
            spm_conn_t *c = &spm.conns[i];
            if (c->state == SPM_CONN_CLOSING && can_dispatch_to(c->service)) {
                spm.n_pending--;
                deliver_disconnect(c);
                progress = true;
            }
        }
    }
    spm.flushing = false;
}

/* ---- boot ---------------------------------------------------------------- */

psa_status_t cai_spm_init(const cai_manifest_t *manifest)
{
    if (spm.depth > 0 || spm.init_partition != 0) {
        return PSA_ERROR_BAD_STATE; /* not from inside a partition */
    }
    spm.manifest = NULL;
    spm.flushing = false;
    spm.n_pending = 0;
    for (size_t i = 0; i < CAI_SPM_MAX_CONNECTIONS; i++) {
        /* Keep counting generations across a re-init, so a handle from
         * before it stays invalid. */
        conn_free(&spm.conns[i]);
    }
    psa_status_t st = spm_manifest_validate(manifest);
    if (st != PSA_SUCCESS) {
        spm_log("[SPM] invalid manifest: not serving");
        return st;
    }
    /* Set before the init functions run, so a partition may already call
     * the services of the partitions listed before it. */
    spm.manifest = manifest;
    for (size_t i = 0; i < manifest->n_partitions; i++) {
        const cai_partition_t *p = &manifest->partitions[i];
        if (p->init == NULL) {
            continue;
        }
        spm.init_partition = p->id;
        st = p->init();
        spm.init_partition = 0;
        flush_pending_closes();
        if (st != PSA_SUCCESS) {
            spm_log("[SPM] partition %s failed to start (%ld): not serving", p->name, (long)st);
            spm.manifest = NULL;
            return st;
        }
    }
    spm_log("[SPM] ready: %zu partitions, %zu services", manifest->n_partitions,
            manifest->n_services);
    return PSA_SUCCESS;
}

/* ---- the client API, as seen by the transports --------------------------- */

uint32_t cai_spm_version(int32_t client_id, uint32_t sid)
{
    if (spm.manifest == NULL) {
        return PSA_VERSION_NONE;
    }
    const cai_service_t *s = service_by_sid(sid);
    if (s == NULL || !caller_allowed(s, client_id)) {
        return PSA_VERSION_NONE;
    }
    return s->version;
}

psa_handle_t cai_spm_connect(int32_t client_id, uint32_t sid, uint32_t version)
{
    if (spm.manifest == NULL) {
        return PSA_ERROR_CONNECTION_REFUSED;
    }
    /* Authorization before anything else, so a caller that may not use a
     * service learns nothing about it (not even that it is stateless). */
    const cai_service_t *s = service_by_sid(sid);
    if (s == NULL || !caller_allowed(s, client_id)) {
        return PSA_ERROR_CONNECTION_REFUSED;
    }
    if (!s->connection_based) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    if (!version_accepted(s, version)) {
        return PSA_ERROR_CONNECTION_REFUSED;
    }
    if (!can_dispatch_to(s)) {
        return PSA_ERROR_CONNECTION_BUSY;
    }
    spm_conn_t *c = conn_alloc(client_id, s);
    if (c == NULL) {
        return PSA_ERROR_CONNECTION_BUSY;
    }
    psa_status_t st = dispatch(s, c, client_id, PSA_IPC_CONNECT, NULL, 0, NULL, 0);
    if (st == PSA_SUCCESS) {
        c->state = SPM_CONN_OPEN;
        return conn_handle(c);
    }
    conn_free(c);
    /* FF-M lets a service answer CONNECT with SUCCESS, REFUSED or BUSY only;
     * anything else (or a fault) is refused, never accepted. */
    return st == PSA_ERROR_CONNECTION_BUSY ? PSA_ERROR_CONNECTION_BUSY
                                           : PSA_ERROR_CONNECTION_REFUSED;
}

/* A stateless handle names its service by index and carries the version the
 * client was built against. */
static psa_status_t stateless_service(int32_t client_id, psa_handle_t handle,
                                      const cai_service_t **out)
{
    uint32_t h = (uint32_t)handle;
    if ((h & ~SPM_STATELESS_ALLOWED_BITS) != 0) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    const cai_service_t *s = service_by_stateless_index((h & 0x1Fu) + 1u);
    if (s == NULL) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    if (!caller_allowed(s, client_id)) {
        return PSA_ERROR_CONNECTION_REFUSED;
    }
    if (!version_accepted(s, (h >> 8) & 0xFFu)) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    *out = s;
    return PSA_SUCCESS;
}

/* Everything cai_spm_call checks before it dispatches; *dispatched says
 * whether a service ran (only then did dispatch() set the out lengths). */
static psa_status_t call_checked(int32_t client_id, psa_handle_t handle, int32_t type,
                                 const psa_invec *in, size_t in_len, psa_outvec *out,
                                 size_t out_len, bool *dispatched)
{
    if (spm.manifest == NULL || type < 0) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    if (in_len > PSA_MAX_IOVEC || out_len > PSA_MAX_IOVEC - in_len) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    const cai_service_t *s = NULL;
    spm_conn_t *conn = NULL;
    if (handle > 0 && ((uint32_t)handle & SPM_STATELESS_BIT) != 0) {
        psa_status_t st = stateless_service(client_id, handle, &s);
        if (st != PSA_SUCCESS) {
            return st;
        }
    } else {
        conn = conn_from_handle(client_id, handle);
        if (conn == NULL) {
            return PSA_ERROR_PROGRAMMER_ERROR;
        }
        s = conn->service;
    }
    psa_status_t st = spm_vectors_check(in, in_len, out, out_len);
    if (st != PSA_SUCCESS) {
        return st;
    }
    /* Calling into a partition that is already running (a cycle) or past
     * the nesting bound is a design error of the calling partition. */
    if (!can_dispatch_to(s)) {
        return PSA_ERROR_PROGRAMMER_ERROR;
    }
    *dispatched = true;
    return dispatch(s, conn, client_id, type, in, in_len, out, out_len);
}

psa_status_t cai_spm_call(int32_t client_id, psa_handle_t handle, int32_t type, const psa_invec *in,
                          size_t in_len, psa_outvec *out, size_t out_len)
{
    bool dispatched = false;
    psa_status_t st = call_checked(client_id, handle, type, in, in_len, out, out_len, &dispatched);
    if (!dispatched && out != NULL) {
        /* Nothing ran, so nothing was written: say so in every out vector,
         * so no transport or caller has to guess from the status whether a
         * length means anything. A count over PSA_MAX_IOVEC is itself the
         * error and says nothing about the array's real size: the SPM never
         * writes a length past out[PSA_MAX_IOVEC - 1]. */
        size_t n = out_len < PSA_MAX_IOVEC ? out_len : PSA_MAX_IOVEC;
        for (size_t i = 0; i < n; i++) {
            out[i].len = 0;
        }
    }
    return st;
}

psa_status_t cai_spm_close(int32_t client_id, psa_handle_t handle)
{
    if (handle == PSA_NULL_HANDLE) {
        return PSA_SUCCESS;
    }
    spm_conn_t *c = spm.manifest != NULL ? conn_from_handle(client_id, handle) : NULL;
    if (c == NULL) {
        return PSA_ERROR_PROGRAMMER_ERROR; /* invalid, stateless or not the caller's */
    }
    conn_close(c);
    return PSA_SUCCESS;
}

void cai_spm_client_gone(int32_t client_id)
{
    if (spm.manifest == NULL || client_id == 0) {
        return;
    }
    for (size_t i = 0; i < CAI_SPM_MAX_CONNECTIONS; i++) {
        spm_conn_t *c = &spm.conns[i];
        if (c->state == SPM_CONN_OPEN && c->owner == client_id) {
            conn_close(c);
        }
    }
}
