/* xenfs, mounted on /proc/xen by /init, must call this domain control_d. */
#include "checks.h"
#include "check.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define CAPABILITIES "/proc/xen/capabilities"

int check_xenfs_control_d(struct result *r)
{
    char buf[64];
    ssize_t n;
    int fd = open_or_fail(r, CAPABILITIES, O_RDONLY);

    if (fd < 0)
        return -1;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n < 0)
        return fail_errno(r, "read " CAPABILITIES, "\"control_d\"");
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    if (strcmp(buf, "control_d") != 0)
        return fail(r, CAPABILITIES ": got \"%s\" want \"control_d\"", buf);
    return pass(r, CAPABILITIES " = control_d");
}
