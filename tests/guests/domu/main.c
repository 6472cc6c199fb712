/* domu-probe: a guest the toolstack builds (see probe_abi.h). A domU may
 * not use console_io, so its report goes to a buffer dom0 reads after the
 * domain has shut down. */
#include "domu.h"

const char guest_name[] = PROBE_NAME;

void guest_main(struct guest *g)
{
    guest_output_to_buffer((char *)(uintptr_t)PROBE_RESULT_ADDR, PROBE_RESULT_SIZE);
    check_identity(g);
    check_privilege(g);
    check_services(g);
    check_secondary(g);
    guest_finish(g);
}
