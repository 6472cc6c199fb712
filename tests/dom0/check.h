/*
 * The check runner: each check runs in a child process with a deadline,
 * so a hang, a crash or a stuck system call ends that check only. The
 * parent prints exactly one line per check:
 *   dom0-test: ok NAME: DETAIL
 *   dom0-test: FAIL NAME: WHAT: got X want Y
 */
#ifndef DOM0_TEST_CHECK_H
#define DOM0_TEST_CHECK_H

#include <stdarg.h>

struct result {
    char msg[240];
};

/* Returns 0 when the check passed, -1 when it failed; r says why. */
typedef int (*check_fn)(struct result *r);

struct check {
    const char *name;
    check_fn run;
    unsigned timeout_s;
};

#define CHECK_TIMEOUT_S 10

int pass(struct result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int fail(struct result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "WHAT: got -ENAME (text) want WANT", for a call that set errno. */
int fail_errno(struct result *r, const char *what, const char *want);

/* Formats a return value: "0x40011", or "-EFAULT (Bad address)". */
const char *describe_rc(long rc, char *buf, unsigned len);

/* WHAT returned RC (a value or -errno): pass if it is -WANT_ERR. */
int expect_errno(struct result *r, const char *what, long rc, int want_err);

/* WHAT returned RC: pass if it is any error (negative). */
int expect_error(struct result *r, const char *what, long rc);

/* open() or fail(): returns the fd, or -1 with r filled in. */
int open_or_fail(struct result *r, const char *path, int flags);

/* Runs C in a child; prints its line; returns 0 if it passed, 1 if not. */
int run_check(const struct check *c);

#endif
