/* Error numbers: the values of Xen's public ABI, which equal Linux's.
 * Guarded so that host builds of common code can also include libc's. */
#ifndef KEEL_ERRNO_H
#define KEEL_ERRNO_H

#ifndef EPERM
#define EPERM       1
#define ENOENT      2
#define ESRCH       3
#define EIO         5
#define E2BIG       7
#define EAGAIN      11
#define ENOMEM      12
#define EACCES      13
#define EFAULT      14
#define EBUSY       16
#define EEXIST      17
#define ENODEV      19
#define EINVAL      22
#define ENOSPC      28
#define ERANGE      34
#define ENOSYS      38
#define EOVERFLOW   75
#define EOPNOTSUPP  95
#endif

#endif
