/* SPDX-License-Identifier: Apache-2.0 */
/* Version string of the host tools (cai, cai-spe). */
#ifndef CAI_HOST_VERSION_H
#define CAI_HOST_VERSION_H

#define CAI_VERSION_STRING "0.1.0"

#endif /* CAI_HOST_VERSION_H */
