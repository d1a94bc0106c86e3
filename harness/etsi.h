/* sipvet: the ETSI TS 102 027-2 test purpose catalogue, compiled in
 * (generated from the purposes JSON by harness/CMakeLists.txt). */
#ifndef VET_ETSI_H
#define VET_ETSI_H

#include <stddef.h>

/* Sorted as in the catalogue; NULL-terminated. */
extern const char *const vet__etsi_ids[];

#endif
