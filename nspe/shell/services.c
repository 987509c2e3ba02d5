/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The services `info` probes with psa_version: every row of the service
 * table (CAI_SERVICES, include/cai/services.h) and of the test partition's
 * table (CAI_TEST_SERVICES), which only the test image serves; the default
 * image answers PSA_VERSION_NONE for those, so `info` does not show them.
 * Nothing to add here for a new service: its row in the table is enough.
 */
#include "cai/services.h"
#include "cai/test_services.h"
#include "commands.h"

/* Only the NS-side columns: the SPE-side ones (partition, sfn) are never
 * expanded here. */
#define KNOWN_SERVICE(id, name, sid, version, policy, index, ns, clients, part, sfn) \
    { name, (sid), (version), (index) },

const cai_known_service_t cai_known_services[] = {
    CAI_SERVICES(KNOWN_SERVICE)      /* the real services */
    CAI_TEST_SERVICES(KNOWN_SERVICE) /* the [TEST] ones */
    { NULL, 0, 0, 0 },               /* end marker, not counted */
};
const size_t cai_known_services_count =
    sizeof(cai_known_services) / sizeof(cai_known_services[0]) - 1;
