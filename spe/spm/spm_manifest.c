/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot-time checks of the manifest. A manifest that breaks a rule is a build
 * mistake; refusing to serve is better than serving with an ambiguous SID,
 * a handle that maps to two services, or a caller list naming nobody.
 */
#include "spm_internal.h"

#include <stddef.h>

/* Stateless handles carry the version in 8 bits (bits 15:8). */
#define SPM_STATELESS_VERSION_MAX 0xFFu
#define SPM_STATELESS_INDEX_MAX   32u

static const cai_partition_t *find_partition(const cai_manifest_t *m, int32_t id)
{
    for (size_t i = 0; i < m->n_partitions; i++) {
        if (m->partitions[i].id == id) {
            return &m->partitions[i];
        }
    }
    return NULL;
}

static psa_status_t check_partitions(const cai_manifest_t *m)
{
    if (m->n_partitions > 0 && m->partitions == NULL) {
        spm_log("[SPM] manifest: partition list missing");
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < m->n_partitions; i++) {
        const cai_partition_t *p = &m->partitions[i];
        if (p->name == NULL) {
            spm_log("[SPM] manifest: partition #%zu has no name", i);
            return PSA_ERROR_INVALID_ARGUMENT;
        }
        /* Ids > 0: a positive client id is how the SPM tells a secure
         * caller from a non-secure one. */
        if (p->id <= 0) {
            spm_log("[SPM] manifest: partition %s: id %ld must be > 0", p->name, (long)p->id);
            return PSA_ERROR_INVALID_ARGUMENT;
        }
        for (size_t j = 0; j < i; j++) {
            if (m->partitions[j].id == p->id) {
                spm_log("[SPM] manifest: partitions %s and %s share id %ld", m->partitions[j].name,
                        p->name, (long)p->id);
                return PSA_ERROR_INVALID_ARGUMENT;
            }
        }
    }
    return PSA_SUCCESS;
}

static psa_status_t check_one_service(const cai_manifest_t *m, const cai_service_t *s)
{
    if (s->name == NULL || s->sfn == NULL) {
        spm_log("[SPM] manifest: service SID 0x%08lx needs a name and an sfn",
                (unsigned long)s->sid);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    /* 0 is PSA_VERSION_NONE, what psa_version answers for "no such service". */
    if (s->version == PSA_VERSION_NONE) {
        spm_log("[SPM] manifest: %s: version must be >= 1", s->name);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (s->version_policy != CAI_VERSION_POLICY_STRICT &&
        s->version_policy != CAI_VERSION_POLICY_RELAXED) {
        spm_log("[SPM] manifest: %s: unknown version policy", s->name);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (s->connection_based) {
        if (s->stateless_index != 0) {
            spm_log("[SPM] manifest: %s: connection-based with a stateless index", s->name);
            return PSA_ERROR_INVALID_ARGUMENT;
        }
    } else {
        if (s->stateless_index < 1 || s->stateless_index > SPM_STATELESS_INDEX_MAX) {
            spm_log("[SPM] manifest: %s: stateless index %u not in 1..32", s->name,
                    (unsigned)s->stateless_index);
            return PSA_ERROR_INVALID_ARGUMENT;
        }
        if (s->version > SPM_STATELESS_VERSION_MAX) {
            spm_log("[SPM] manifest: %s: stateless version %lu does not fit the handle", s->name,
                    (unsigned long)s->version);
            return PSA_ERROR_INVALID_ARGUMENT;
        }
    }
    if (find_partition(m, s->partition_id) == NULL) {
        spm_log("[SPM] manifest: %s: owner partition %ld does not exist", s->name,
                (long)s->partition_id);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (s->n_secure_clients > 0 && s->secure_clients == NULL) {
        spm_log("[SPM] manifest: %s: secure client list missing", s->name);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    /* A caller list naming a partition that does not exist is a typo that
     * would silently lock the intended caller out. */
    for (size_t k = 0; k < s->n_secure_clients; k++) {
        if (find_partition(m, s->secure_clients[k]) == NULL) {
            spm_log("[SPM] manifest: %s: secure client %ld is not a partition", s->name,
                    (long)s->secure_clients[k]);
            return PSA_ERROR_INVALID_ARGUMENT;
        }
    }
    return PSA_SUCCESS;
}

static psa_status_t check_services(const cai_manifest_t *m)
{
    if (m->n_services > 0 && m->services == NULL) {
        spm_log("[SPM] manifest: service list missing");
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < m->n_services; i++) {
        const cai_service_t *s = &m->services[i];
        psa_status_t st = check_one_service(m, s);
        if (st != PSA_SUCCESS) {
            return st;
        }
        for (size_t j = 0; j < i; j++) {
            const cai_service_t *o = &m->services[j];
            if (o->sid == s->sid) {
                spm_log("[SPM] manifest: %s and %s share SID 0x%08lx", o->name, s->name,
                        (unsigned long)s->sid);
                return PSA_ERROR_INVALID_ARGUMENT;
            }
            if (!s->connection_based && !o->connection_based &&
                o->stateless_index == s->stateless_index) {
                spm_log("[SPM] manifest: %s and %s share stateless index %u", o->name, s->name,
                        (unsigned)s->stateless_index);
                return PSA_ERROR_INVALID_ARGUMENT;
            }
        }
    }
    return PSA_SUCCESS;
}

psa_status_t spm_manifest_validate(const cai_manifest_t *m)
{
    if (m == NULL) {
        spm_log("[SPM] manifest: none given");
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = check_partitions(m);
    if (st == PSA_SUCCESS) {
        st = check_services(m);
    }
    return st;
}
