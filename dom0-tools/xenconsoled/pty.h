/* The pseudo-terminal `xl console` attaches to. We hold the slave side
 * open ourselves, so the master never reports a hang-up when no client is
 * attached: output then fills the terminal's buffer and the rest is
 * dropped, since the master never blocks. */
#ifndef XCD_PTY_H
#define XCD_PTY_H

#include <stddef.h>
#include <sys/types.h>

#define XCD_PTY_PATH_MAX 64

struct xcd_pty {
    int master, slave;          /* -1: closed */
    char path[XCD_PTY_PATH_MAX];   /* the slave's name, /dev/pts/N */
};

/* A closed pty, safe to pass to pty_close. */
void pty_init(struct xcd_pty *p);
/* A new raw-mode pair with a non-blocking master. */
int pty_open(struct xcd_pty *p);
void pty_close(struct xcd_pty *p);

/* Writes what fits now; returns the bytes taken (possibly 0), or -errno
 * when the pty is broken. */
ssize_t pty_write(struct xcd_pty *p, const char *buf, size_t len);
/* Reads what was typed: bytes (0: nothing waiting), or -errno. */
ssize_t pty_read(struct xcd_pty *p, char *buf, size_t len);

#endif
