/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The an521 storage backend (cai_spe_port_storage_read/write/remove) over a
 * flash area emulated in RAM (S_FLASH in s.ld): it lasts for the run, and
 * every boot starts with it erased (QEMU keeps no flash across runs; a
 * board's real flash would be kept, and the recovery rules below are what
 * make that safe).
 *
 * The area is CAI_SPE_PORT_STORAGE_OBJECTS_MAX + 1 slots, each an erase
 * unit with a header and room for the largest object. A slot goes
 * ERASED -> WRITING -> VALID -> OBSOLETE, the header's state word being the
 * only thing that commits: a replacement is written to a free slot with the
 * next generation, made VALID, and only then is the old slot made OBSOLETE.
 * Power lost at any moment leaves the old object VALID (or none) or the new
 * one VALID, so a read sees one of them, whole: where two VALID copies of
 * one object are found, the higher generation wins. The spare slot means a
 * replacement always has somewhere to go, even with the most objects stored.
 * The bytes are opaque here (the storage partition seals them).
 */
#include <stdbool.h>
#include <string.h>

#include "cai/spe_port.h"
#include "cai_an521/s_platform.h"

#define SLOT_ERASED   0xFFFFFFFFu
#define SLOT_WRITING  0x57524954u
#define SLOT_VALID    0x56414C44u
#define SLOT_OBSOLETE 0x00000000u
#define N_SLOTS       (CAI_SPE_PORT_STORAGE_OBJECTS_MAX + 1u)

typedef struct slot {
    volatile uint32_t state;
    int32_t owner;
    uint64_t uid;
    uint32_t len;
    uint32_t gen;
    uint8_t data[CAI_SPE_PORT_STORAGE_OBJECT_MAX];
} __attribute__((aligned(16))) slot_t;

static slot_t g_flash[N_SLOTS] __attribute__((section(".its_flash")));

static void slot_erase(slot_t *s)
{
    memset((void *)s, 0xFF, sizeof *s);
}

void cai_an521_storage_boot(void)
{
    for (size_t i = 0; i < N_SLOTS; i++) {
        slot_erase(&g_flash[i]);
    }
    cai_an521_log("[SPE] protected storage: %u slots of %u bytes in RAM-emulated flash at "
                  "0x%08x (erased at boot: the run's storage only)",
                  (unsigned)N_SLOTS, (unsigned)sizeof(slot_t), (unsigned)(uintptr_t)g_flash);
}

/* The newest VALID copy of (owner, uid), or NULL. */
static slot_t *find(int32_t owner, uint64_t uid)
{
    slot_t *best = NULL;
    for (size_t i = 0; i < N_SLOTS; i++) {
        slot_t *s = &g_flash[i];
        if (s->state == SLOT_VALID && s->owner == owner && s->uid == uid &&
            (best == NULL || s->gen > best->gen)) {
            best = s;
        }
    }
    return best;
}

static size_t count_objects(void)
{
    size_t n = 0;
    for (size_t i = 0; i < N_SLOTS; i++) {
        slot_t *s = &g_flash[i];
        if (s->state == SLOT_VALID && find(s->owner, s->uid) == s) {
            n++;
        }
    }
    return n;
}

psa_status_t cai_spe_port_storage_read(int32_t owner, uint64_t uid, uint8_t *buf, size_t cap,
                                       size_t *len)
{
    if (len != NULL) {
        *len = 0;
    }
    if (buf == NULL || len == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    const slot_t *s = find(owner, uid);
    if (s == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    if (s->len > CAI_SPE_PORT_STORAGE_OBJECT_MAX) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    if (s->len > cap) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, s->data, s->len);
    *len = s->len;
    return PSA_SUCCESS;
}

psa_status_t cai_spe_port_storage_write(int32_t owner, uint64_t uid, const uint8_t *buf, size_t len)
{
    if ((buf == NULL && len > 0) || len > CAI_SPE_PORT_STORAGE_OBJECT_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    slot_t *old = find(owner, uid);
    if (old == NULL && count_objects() >= CAI_SPE_PORT_STORAGE_OBJECTS_MAX) {
        return PSA_ERROR_INSUFFICIENT_STORAGE;
    }
    /* A free slot: erased, else one whose copy no longer counts (erased
     * first: the erase unit is the slot). */
    slot_t *dst = NULL;
    for (size_t i = 0; i < N_SLOTS && dst == NULL; i++) {
        if (g_flash[i].state == SLOT_ERASED) {
            dst = &g_flash[i];
        }
    }
    for (size_t i = 0; i < N_SLOTS && dst == NULL; i++) {
        slot_t *s = &g_flash[i];
        if (s->state != SLOT_VALID || find(s->owner, s->uid) != s) {
            slot_erase(s);
            dst = s;
        }
    }
    if (dst == NULL) {
        return PSA_ERROR_INSUFFICIENT_STORAGE;
    }
    dst->state = SLOT_WRITING;
    dst->owner = owner;
    dst->uid = uid;
    dst->len = (uint32_t)len;
    dst->gen = old != NULL ? old->gen + 1u : 0u;
    if (len > 0) {
        memcpy(dst->data, buf, len);
    }
    __asm__ volatile("dsb" ::: "memory");
    dst->state = SLOT_VALID; /* the commit */
    __asm__ volatile("dsb" ::: "memory");
    if (old != NULL) {
        old->state = SLOT_OBSOLETE;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_spe_port_storage_remove(int32_t owner, uint64_t uid)
{
    slot_t *s = find(owner, uid);
    if (s == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    /* Every copy, newest last: an older VALID copy must not reappear. */
    for (size_t i = 0; i < N_SLOTS; i++) {
        slot_t *c = &g_flash[i];
        if (c != s && c->state == SLOT_VALID && c->owner == owner && c->uid == uid) {
            c->state = SLOT_OBSOLETE;
        }
    }
    s->state = SLOT_OBSOLETE;
    return PSA_SUCCESS;
}
