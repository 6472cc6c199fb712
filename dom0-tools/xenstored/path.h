/* Path syntax: which strings are node names, and how a domain's
 * relative path becomes absolute. */
#ifndef XSD_PATH_H
#define XSD_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the absolute form of in to out (XS_PATH_BUF bytes); returns its
 * length or -EINVAL. Relative paths are under /local/domain/<domid>. */
int path_canon(const char *in, uint16_t domid, bool allow_special, char *out,
               size_t size);
/* Length of the parent's path ("/" has none: returns 0). */
size_t path_parent_len(const char *path);
const char *path_basename(const char *path);
/* Is child equal to parent or below it? */
bool path_is_under(const char *child, const char *parent);
/* Length of "/local/domain/<domid>/", the prefix relative paths get. */
size_t path_domain_prefix(uint16_t domid, char *buf, size_t size);

#endif
