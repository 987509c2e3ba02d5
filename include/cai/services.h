/*
 * The RoT services of the cai SPE as clients see them: what to pass to
 * psa_connect/psa_call. Test services are not here: they belong to the test
 * partition (spe/partitions/test/include/cai/test_services.h) and only the
 * test image serves them.
 */
#ifndef CAI_SERVICES_H
#define CAI_SERVICES_H

#include <stdint.h>

#include "psa/client.h"

/*
 * Stateless handle layout (FF-M 1.1, as in TF-M): bit 30 set, bits 15:8 the
 * version the client asks for, bits 4:0 the stateless index minus one; all
 * other bits zero. Connection handles never have bit 30 set.
 */
#define CAI_STATELESS_HANDLE(index, version)                           \
    ((psa_handle_t)(0x40000000u | (((uint32_t)(version)&0xFFu) << 8) | \
                    (((uint32_t)(index)-1u) & 0x1Fu)))

#endif /* CAI_SERVICES_H */
