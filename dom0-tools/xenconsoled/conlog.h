/* Per-guest console log files: <dir>/guest-<name>.log, appended to, so
 * a guest that comes back under the same name continues its file and
 * logrotate can move files away (SIGHUP makes the daemon reopen them). */
#ifndef XCD_CONLOG_H
#define XCD_CONLOG_H

#include <stddef.h>
#include <stdint.h>

#define XCD_CONLOG_NAME_MAX 64      /* characters of the guest's name kept */

/* The file name for a guest: "guest-<name>.log", with every character
 * outside [A-Za-z0-9._-] replaced by '_' and the name cut to
 * XCD_CONLOG_NAME_MAX; "guest-dom<domid>.log" if name is NULL or empty. */
int conlog_file_name(char *buf, size_t size, const char *name, uint16_t domid);

/* Opens (creating) file under dir for appending: an fd, or -errno. */
int conlog_open(const char *dir, const char *file);

/* Writes all of buf: 0 or -errno. */
int conlog_write(int fd, const char *buf, size_t len);

/* Creates dir and its missing parents (mode 0755). */
int conlog_mkdirs(const char *dir);

#endif
