/* RoT services `info` looks for (spe/partitions/test/include/cai/test_services.h); add new ones here. */
#include "cai/test_services.h"
#include "commands.h"

const cai_known_service_t cai_known_services[] = {
    { "test.echo", CAI_TEST_ECHO_SID },
    { "test.relaxed", CAI_TEST_RELAXED_SID },
    { "test.secure_only", CAI_TEST_SECURE_ONLY_SID },
    { "test.stateless", CAI_TEST_STATELESS_SID },
};
const size_t cai_known_services_count = sizeof(cai_known_services) / sizeof(cai_known_services[0]);
