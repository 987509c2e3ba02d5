/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `psa`: the raw PSA client API, for exploring and testing services by hand.
 * Handles live as long as the shell's connection to the secure side (one
 * interactive session; a one-shot `cai psa connect` handle dies with it).
 */
#include <string.h>

#include "cai/ipc.h"
#include "commands.h"
#include "psa/client.h"

/* More than PSA_MAX_IOVEC is accepted here on purpose: passing too many
 * vectors must be answered by the PSA layer, not hidden by the shell. */
#define PSA_CMD_MAX_VECS 8
#define PSA_CMD_POOL     CAI_IPC_MAX_CALL_BYTES

static uint8_t g_in_pool[PSA_CMD_POOL];
static uint8_t g_out_pool[PSA_CMD_POOL];

static cai_shell_status_t version_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t sid;
    if (argc != 2) {
        return cai_shell_usage_error(sh, cmd, "expected one SID");
    }
    if (cai_parse_u32(argv[1], &sid) != 0) {
        return cai_shell_usage_error(sh, cmd, "SID '%s' is not a 32-bit number", argv[1]);
    }
    uint32_t v = psa_version(sid);
    cai_out_begin(sh);
    cai_out_int(sh, "version", v);
    cai_out_end(sh);
    if (v == PSA_VERSION_NONE) {
        return cai_shell_error(sh, "service 0x%08x is unknown or not visible (PSA_VERSION_NONE)",
                               (unsigned)sid);
    }
    return CAI_SHELL_OK;
}

/* The handles `psa connect` opened, with the connection they belong to
 * (cai_shell_port_t.connection), so that a call on one that died with its
 * connection (an SPE restart) can say so instead of a bare
 * PSA_ERROR_PROGRAMMER_ERROR. The last PSA_CMD_MAX_OPENED are kept. */
#define PSA_CMD_MAX_OPENED 32
static struct {
    psa_handle_t handle;
    unsigned connection;
    long spe_id;
} g_opened[PSA_CMD_MAX_OPENED];
static size_t g_opened_next;

static void remember_handle(cai_shell_t *sh, psa_handle_t h)
{
    if (sh->port->connection == NULL) {
        return;
    }
    size_t i = g_opened_next++ % PSA_CMD_MAX_OPENED;
    g_opened[i].handle = h;
    g_opened[i].connection = sh->port->connection(&g_opened[i].spe_id);
}

static void forget_handle(psa_handle_t h)
{
    for (size_t i = 0; i < PSA_CMD_MAX_OPENED; i++) {
        if (g_opened[i].handle == h) {
            g_opened[i].handle = 0;
        }
    }
}

/* "" or, for a handle opened on an earlier connection, why it is gone. */
static const char *dead_handle_hint(cai_shell_t *sh, psa_handle_t h, psa_status_t st, char *buf,
                                    size_t cap)
{
    buf[0] = '\0';
    if ((st != PSA_ERROR_PROGRAMMER_ERROR && st != PSA_ERROR_COMMUNICATION_FAILURE) ||
        sh->port->connection == NULL || h <= 0) {
        return buf;
    }
    if (st == PSA_ERROR_COMMUNICATION_FAILURE) {
        for (size_t i = 0; i < PSA_CMD_MAX_OPENED; i++) {
            if (g_opened[i].handle == h) {
                snprintf(buf, cap,
                         "; the connection to the secure side was lost (did it stop or "
                         "restart?) and handle %d with it: 'psa connect' again",
                         (int)h);
                break;
            }
        }
        return buf;
    }
    long now_id = -1;
    unsigned now = sh->port->connection(&now_id);
    for (size_t i = 0; i < PSA_CMD_MAX_OPENED; i++) {
        if (g_opened[i].handle != h || g_opened[i].connection == now) {
            continue;
        }
        if (g_opened[i].spe_id >= 0 && now_id >= 0 && g_opened[i].spe_id != now_id) {
            snprintf(buf, cap,
                     "; handle %d was opened before the secure side restarted (pid %ld, now "
                     "%ld): handles do not survive a restart, 'psa connect' again",
                     (int)h, g_opened[i].spe_id, now_id);
        } else {
            snprintf(buf, cap,
                     "; handle %d belonged to an earlier connection to the secure side (it "
                     "restarted or dropped the connection): 'psa connect' again",
                     (int)h);
        }
        break;
    }
    return buf;
}

static cai_shell_status_t connect_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t sid, ver;
    if (argc != 3) {
        return cai_shell_usage_error(sh, cmd, "expected SID and VERSION");
    }
    if (cai_parse_u32(argv[1], &sid) != 0) {
        return cai_shell_usage_error(sh, cmd, "SID '%s' is not a 32-bit number", argv[1]);
    }
    if (cai_parse_u32(argv[2], &ver) != 0) {
        return cai_shell_usage_error(sh, cmd, "VERSION '%s' is not a 32-bit number", argv[2]);
    }
    psa_handle_t h = psa_connect(sid, ver);
    if (h <= 0) {
        const char *name = cai_psa_status_name(h);
        cai_out_begin(sh);
        cai_out_status(sh, h);
        cai_out_end(sh);
        return cai_shell_error(sh, "connect to 0x%08x version %u failed: %s", (unsigned)sid,
                               (unsigned)ver, name != NULL ? name : "unknown status");
    }
    remember_handle(sh, h);
    cai_out_begin(sh);
    cai_out_int(sh, "handle", h);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t call_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    int32_t handle, type;
    psa_invec in[PSA_CMD_MAX_VECS];
    psa_outvec out[PSA_CMD_MAX_VECS];
    size_t n_in = 0, n_out = 0, in_used = 0, out_used = 0;

    if (argc < 3) {
        return cai_shell_usage_error(sh, cmd, "expected HANDLE and TYPE");
    }
    if (cai_parse_i32(argv[1], &handle) != 0) {
        return cai_shell_usage_error(sh, cmd, "HANDLE '%s' is not a 32-bit number", argv[1]);
    }
    if (cai_parse_i32(argv[2], &type) != 0) {
        return cai_shell_usage_error(sh, cmd, "TYPE '%s' is not a 32-bit number", argv[2]);
    }
    for (int i = 3; i < argc; i += 2) {
        bool is_in = strcmp(argv[i], "--in") == 0;
        if (!is_in && strcmp(argv[i], "--out") != 0) {
            return cai_shell_usage_error(sh, cmd, "unexpected argument '%s'", argv[i]);
        }
        if (i + 1 >= argc) {
            return cai_shell_usage_error(sh, cmd, "%s needs a value", argv[i]);
        }
        if ((is_in ? n_in : n_out) == PSA_CMD_MAX_VECS) {
            return cai_shell_usage_error(sh, cmd, "at most %d %s vectors", PSA_CMD_MAX_VECS,
                                         argv[i] + 2);
        }
        if (is_in) {
            long n = cai_parse_hex(argv[i + 1], g_in_pool + in_used, sizeof(g_in_pool) - in_used);
            if (n < 0) {
                return cai_shell_usage_error(sh, cmd,
                                             "--in '%.40s' is not an even-length hex string "
                                             "(or the inputs exceed %u bytes)",
                                             argv[i + 1], PSA_CMD_POOL);
            }
            in[n_in].base = g_in_pool + in_used;
            in[n_in].len = (size_t)n;
            in_used += (size_t)n;
            n_in++;
        } else {
            uint32_t size;
            if (cai_parse_u32(argv[i + 1], &size) != 0 || size > sizeof(g_out_pool) - out_used) {
                return cai_shell_usage_error(sh, cmd,
                                             "--out '%s' is not a size (all outputs <= %u bytes)",
                                             argv[i + 1], PSA_CMD_POOL);
            }
            out[n_out].base = g_out_pool + out_used;
            out[n_out].len = size;
            out_used += size;
            n_out++;
        }
    }
    /* The pool still holds the last call's results: clear what this call
     * offers, so only bytes it wrote can ever be shown. */
    memset(g_out_pool, 0, out_used);
    psa_status_t st = psa_call(handle, type, in, n_in, out, n_out);
    cai_out_begin(sh);
    cai_out_status(sh, st);
    cai_out_list_begin(sh, "out");
    for (size_t i = 0; i < n_out; i++) {
        cai_out_list_hex(sh, out[i].base, out[i].len);
    }
    cai_out_list_end(sh);
    cai_out_end(sh);
    if (st < 0) {
        const char *name = cai_psa_status_name(st);
        char hint[256];
        return cai_shell_error(sh, "call failed: %s (%d)%s", name != NULL ? name : "service error",
                               (int)st, dead_handle_hint(sh, handle, st, hint, sizeof(hint)));
    }
    return CAI_SHELL_OK;
}

static cai_shell_status_t close_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    int32_t handle;
    if (argc != 2) {
        return cai_shell_usage_error(sh, cmd, "expected one HANDLE");
    }
    if (cai_parse_i32(argv[1], &handle) != 0) {
        return cai_shell_usage_error(sh, cmd, "HANDLE '%s' is not a 32-bit number", argv[1]);
    }
    psa_status_t st = PSA_SUCCESS;
    if (sh->port->psa_close_status != NULL) {
        st = sh->port->psa_close_status(handle);
    } else {
        psa_close(handle); /* the backend cannot tell us what the SPM said */
    }
    cai_out_begin(sh);
    cai_out_status(sh, st);
    cai_out_end(sh);
    if (st != PSA_SUCCESS) {
        const char *name = cai_psa_status_name(st);
        char hint[256];
        return cai_shell_error(sh, "close failed: %s%s", name != NULL ? name : "unknown status",
                               dead_handle_hint(sh, handle, st, hint, sizeof(hint)));
    }
    forget_handle(handle);
    return CAI_SHELL_OK;
}

static const cai_cmd_t psa_version_cmd = {
    .name = "version",
    .summary = "version of a service (0 = unknown or not visible)",
    .usage = "SID",
    .fn = version_run,
};
static const cai_cmd_t psa_connect_cmd = {
    .name = "connect",
    .summary = "open a connection, print its handle",
    .usage = "SID VERSION",
    .fn = connect_run,
};
static const cai_cmd_t psa_call_cmd = {
    .name = "call",
    .summary = "call a service; print the status and each output vector",
    .usage = "HANDLE TYPE [--in HEX]... [--out SIZE]...",
    .help = "  --in HEX    an input vector (hex bytes; '' for an empty one)\n"
            "  --out SIZE  an output vector of SIZE bytes; the written bytes are printed\n"
            "  Numbers are decimal or 0x-hex; a stateless service's HANDLE is its static handle.",
    .fn = call_run,
};
static const cai_cmd_t psa_close_cmd = {
    .name = "close",
    .summary = "close a connection",
    .usage = "HANDLE",
    .fn = close_run,
};
static const cai_cmd_t *const psa_subs[] = {
    &psa_version_cmd, &psa_connect_cmd, &psa_call_cmd, &psa_close_cmd, NULL,
};

const cai_cmd_t cai_cmd_psa = {
    .name = "psa",
    .summary = "low-level PSA client calls (version, connect, call, close)",
    .subs = psa_subs,
};
