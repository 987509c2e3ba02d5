/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SPE port contract: every hook a platform backend supplies to the
 * portable secure side (SPM, partitions). platform/host implements it in
 * platform/host/spe (library cai_host_spe_port); the an521 port implements
 * exactly this header. Nothing else of the portable code knows the backend.
 *
 * Rules common to every hook:
 *  - Only secure-side code calls them: the SPM, partitions (through the
 *    narrower APIs noted per hook) and the platform itself. No non-secure
 *    object may reference a cai_spe_port_* symbol (tests/unit/layout checks).
 *  - The SPE is single-threaded (docs/spm.md): a hook is never entered twice
 *    at once, and none may call back into the SPM.
 *  - No hook allocates memory; all run to completion (no sleeping on a
 *    client).
 *
 * Later hooks are added here in the same form, each with the work that needs
 * it. (The an521 port needed none: its UART console is the log sink below.
 * The sequence number of docs/design.md §5 needs no NV counter hook: it is a
 * write-ahead reservation in protected storage, whose backend is below.)
 */
#ifndef CAI_SPE_PORT_H
#define CAI_SPE_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Log sink ---------------------------------------------------------- */

/* Longest line the portable code hands to the sink, without the NUL; longer
 * messages are cut at this length. */
#define CAI_SPE_PORT_LOG_LINE_MAX 255u

/*
 * Write one log line (NUL-terminated, no trailing newline; the sink adds the
 * line end its medium needs). The host writes to stderr and/or spe.log, an521
 * to the secure UART.
 * Who: the SPM (boot and manifest messages, "[SPM] ..."), partitions only
 * through cai_partition_log (cai/partition.h, which formats and calls this),
 * and the platform itself.
 * When: any time, also before cai_spm_init (boot messages) and after the
 * last call has been served.
 * Failures: none reported. A sink that cannot write drops the line; logging
 * must never stop the SPE.
 */
void cai_spe_port_log(const char *line);

/* ---- Hardware unique key ------------------------------------------------ */

#define CAI_SPE_PORT_HUK_SIZE 32u

/*
 * Copy the 32-byte hardware unique key into out (docs/design.md §4: the root
 * of every device key). The caller wipes its copy (cai_wipe) after use.
 * Who: only the identity partition (key derivation) and, later, the
 * protected-storage backend; any other caller is a design error.
 * When: after the platform's boot loaded the key, which happens before
 * cai_spm_init, so partition init functions may already call it; until
 * shutdown (the host wipes its copy then).
 * Failures:
 *   PSA_ERROR_INVALID_ARGUMENT   out is NULL
 *   PSA_ERROR_HARDWARE_FAILURE   no HUK is loaded (boot did not provision
 *                                it, or it was wiped at shutdown); out is
 *                                left untouched
 */
psa_status_t cai_spe_port_huk_get(uint8_t out[CAI_SPE_PORT_HUK_SIZE]);

/*
 * Where the HUK came from, for the security lifecycle an attestation token
 * reports (docs/design.md §8): a key provisioned into the device (fuses, a
 * provisioned flash region) or a "dummy provisioning" value the platform
 * made itself or was handed for tests (host: always, whether huk.bin was
 * created from OS entropy, read back, or pinned by --huk-file/CAI_HUK_HEX;
 * an521: the dummy flash value unless a real one was provisioned).
 * Who: the attestation partition (its security-lifecycle claim).
 * When: after the platform's boot loaded the key (before cai_spm_init).
 * Failures: none; CAI_SPE_PORT_HUK_NONE when no HUK is loaded.
 */
typedef enum {
    CAI_SPE_PORT_HUK_NONE = 0,        /* no HUK loaded (or wiped at shutdown) */
    CAI_SPE_PORT_HUK_DUMMY = 1,       /* dummy provisioning: NOT for production */
    CAI_SPE_PORT_HUK_PROVISIONED = 2, /* provisioned into the device */
} cai_spe_port_huk_origin_t;

cai_spe_port_huk_origin_t cai_spe_port_huk_origin(void);

/* ---- Entropy --------------------------------------------------------------- */

/*
 * Fill out[0..len) with bytes from the platform's entropy source, suitable
 * for seeding a DRBG or making a key (host: getrandom(2); an521 under QEMU,
 * which models no TRNG: the emulator host's /dev/urandom through
 * semihosting, fit for emulation only, docs/an521.md; a board: its TRNG).
 * len 0 succeeds and writes nothing.
 * Who: secure-side code only (a partition's DRBG seed, the host HUK's dummy
 * provisioning).
 * When: any time after the platform's early init, including before
 * cai_spm_init and from partition init functions.
 * Failures:
 *   PSA_ERROR_INVALID_ARGUMENT      out is NULL and len > 0
 *   PSA_ERROR_INSUFFICIENT_ENTROPY  the source failed; out[0..len) is
 *                                   zeroed, never partly random
 */
psa_status_t cai_spe_port_entropy(uint8_t *out, size_t len);

/* ---- Storage backend ---------------------------------------------------- */
/*
 * The medium behind protected storage (docs/design.md §4.1). An object is
 * named by (owner, uid): the id of the partition that owns it and its 64-bit
 * PSA storage uid. Its bytes are opaque here: the storage partition seals
 * them (AES-GCM, AAD binding owner and uid) before they reach the backend, so
 * the backend need not be secret, only atomic and bounded. The host keeps one
 * file per object in the persistent state directory, an521 one slot per
 * copy in a flash area (emulated in RAM under QEMU), the old copy dropped
 * only after the new one is committed.
 * Who: only the storage partition.
 * When: after the platform's early init (the host opens its state directory
 * before cai_spm_init, so partition init functions may use storage).
 */
/* Largest object the backend must hold, in bytes (a sealed 4096-byte entry
 * with its 28-byte header and 16-byte tag). */
#define CAI_SPE_PORT_STORAGE_OBJECT_MAX 4140u
/* Most objects the backend must hold at once. */
#define CAI_SPE_PORT_STORAGE_OBJECTS_MAX 64u

/*
 * Read object (owner, uid) into buf[0..cap); *len gets its size.
 * Failures:
 *   PSA_ERROR_INVALID_ARGUMENT  buf or len is NULL
 *   PSA_ERROR_DOES_NOT_EXIST    no such object
 *   PSA_ERROR_BUFFER_TOO_SMALL  the object is larger than cap (nothing read)
 *   PSA_ERROR_STORAGE_FAILURE   the medium failed, or holds something that is
 *                               not an object (not a regular file, hard-linked,
 *                               larger than CAI_SPE_PORT_STORAGE_OBJECT_MAX)
 * On failure *len is 0.
 */
psa_status_t cai_spe_port_storage_read(int32_t owner, uint64_t uid, uint8_t *buf, size_t cap,
                                       size_t *len);

/*
 * Create or replace object (owner, uid) with buf[0..len), len <=
 * CAI_SPE_PORT_STORAGE_OBJECT_MAX. Atomic: if the SPE dies or the power
 * fails at any moment, a later read returns the old object (or none, if there
 * was none) or the new one, never a mix; on success the new object is durable
 * before the call returns.
 * Failures:
 *   PSA_ERROR_INVALID_ARGUMENT      buf is NULL with len > 0, or len too large
 *   PSA_ERROR_INSUFFICIENT_STORAGE  the medium is full, or
 *                                   CAI_SPE_PORT_STORAGE_OBJECTS_MAX objects
 *                                   exist already
 *   PSA_ERROR_STORAGE_FAILURE       the medium failed; the old object, if any,
 *                                   is still there
 */
psa_status_t cai_spe_port_storage_write(int32_t owner, uint64_t uid, const uint8_t *buf,
                                        size_t len);

/*
 * Remove object (owner, uid), durably.
 * Failures:
 *   PSA_ERROR_DOES_NOT_EXIST   no such object
 *   PSA_ERROR_STORAGE_FAILURE  the medium failed
 */
psa_status_t cai_spe_port_storage_remove(int32_t owner, uint64_t uid);

/* ---- Model images --------------------------------------------------------- */
/*
 * The models this image runs (docs/design.md §5), in registry order: first
 * the image's built-in models (spe/models, the project's sine model), then
 * those the platform loaded at boot (host: `cai-spe --model NAME=FILE`, in
 * command-line order; an521: none). The bytes are the SPE's own copy, never
 * visible to the non-secure side, and stay valid and unchanged until
 * shutdown. The platform checks only the name and the size: verifying the
 * model is the inference partition's job, measuring it the attestation's.
 * Who: the inference partition (registry, runs) and the attestation
 * partition (measurements); nobody else.
 * When: any time after the platform's early init (before cai_spm_init).
 */
#define CAI_SPE_PORT_MODELS_MAX     8u  /* images at most, built-in included */
#define CAI_SPE_PORT_MODEL_NAME_MAX 31u /* [a-z0-9_-], 1..31 characters */
#define CAI_SPE_PORT_MODEL_ALIGN    16u /* alignment of bytes (TFLite aligns data to 16) */

typedef struct cai_spe_port_model {
    const char *name;     /* NUL-terminated, unique among the images */
    uint32_t version;     /* registry version, >= 1 */
    const uint8_t *bytes; /* CAI_SPE_PORT_MODEL_ALIGN-aligned */
    size_t len;           /* > 0 */
    int builtin;          /* 1: part of the image; 0: registered at boot */
} cai_spe_port_model_t;

/* How many model images there are (<= CAI_SPE_PORT_MODELS_MAX). */
size_t cai_spe_port_model_count(void);

/*
 * Image `index` (0 .. count-1) into *out.
 * Failures:
 *   PSA_ERROR_INVALID_ARGUMENT  out is NULL
 *   PSA_ERROR_DOES_NOT_EXIST    index >= cai_spe_port_model_count()
 */
psa_status_t cai_spe_port_model_get(size_t index, cai_spe_port_model_t *out);

/* ---- Secure image measurement ------------------------------------------ */
/*
 * What the platform measured of the secure image it booted, for the first
 * software component of an attestation token (docs/design.md §8, docs/
 * attest.md): measurement = SHA-256 of the image (host: of the running
 * cai-spe executable, read through /proc/self/exe once at boot, before any
 * partition runs; an521: of the secure image in flash, by its boot code),
 * its version text, the signer id (SHA-256 of the public key that signed
 * the image, 32 zero bytes for an unsigned image, as every host image is)
 * and the implementation id (32 bytes naming this implementation of the
 * PSA RoT: the same for every device running it; host: SHA-256 of the text
 * "cai host SPE").
 * Who: the attestation partition only.
 * When: after the platform's early init (the host measures before
 * cai_spm_init), until shutdown.
 * Failures:
 *   PSA_ERROR_INVALID_ARGUMENT  out is NULL
 *   PSA_ERROR_BAD_STATE         the platform did not measure its image
 *                               (the measurement failed at boot)
 */
#define CAI_SPE_PORT_IMAGE_VERSION_MAX 31u /* characters of version, without NUL */

typedef struct cai_spe_port_image {
    uint8_t measurement[32];       /* SHA-256 of the secure image */
    const char *version;           /* NUL-terminated, 1..CAI_SPE_PORT_IMAGE_VERSION_MAX */
    uint8_t signer_id[32];         /* zeros: unsigned */
    uint8_t implementation_id[32]; /* this RoT implementation */
} cai_spe_port_image_t;

psa_status_t cai_spe_port_image_measurement(cai_spe_port_image_t *out);

/* ---- Boot-time memory ---------------------------------------------------- */
/*
 * Memory for tables a partition can only size at boot, from what it will
 * hold (the inference partition: each registered model's engine state, the
 * shared activation arena, the result buffers). bytes > 0, handed out zeroed
 * and CAI_SPE_PORT_BOOT_ALIGN-aligned, valid until shutdown, never freed.
 * This is not a heap: it is only open while partitions initialise; once the
 * SPM serves, every call fails, so nothing is allocated per request.
 * Host: anonymous pages; an521: a region the linker script sizes.
 * Who: partition init functions (through nothing narrower: the inference
 * partition today).
 * Failures:
 *   PSA_ERROR_INVALID_ARGUMENT     out is NULL, or bytes is 0
 *   PSA_ERROR_BAD_STATE            boot is over (the SPM serves)
 *   PSA_ERROR_INSUFFICIENT_MEMORY  not that much is left
 *                                  (the platform's total; host: 64 MiB)
 * On failure *out is NULL.
 */
#define CAI_SPE_PORT_BOOT_ALIGN 16u
psa_status_t cai_spe_port_boot_memory(size_t bytes, void **out);

#ifdef __cplusplus
}
#endif

#endif /* CAI_SPE_PORT_H */
