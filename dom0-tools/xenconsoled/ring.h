/* The console ring (include/public/io/console.h) seen from dom0: out[]
 * carries what the guest prints, in[] what is typed to it. The guest owns
 * out_prod and in_cons and may write anything there, so every index is
 * read once, checked, and a ring whose indexes cannot be right is
 * reported as corrupt (-EPROTO). Every access is guarded: a page that
 * vanished gives -EFAULT. */
#ifndef XCD_RING_H
#define XCD_RING_H

#include <stddef.h>
#include "public/io/console.h"

/* Copies up to size bytes the guest wrote into buf and consumes them.
 * Returns the bytes taken (0: nothing new), -EPROTO, or -EFAULT. */
int ring_take_output(struct xencons_interface *ring, char *buf, size_t size);

/* How many bytes in[] can take now, or -EPROTO / -EFAULT. */
int ring_input_space(struct xencons_interface *ring);

/* Appends up to len bytes of src to in[]. Returns how many went in (less
 * than len only when in[] filled up), -EPROTO, or -EFAULT. */
int ring_put_input(struct xencons_interface *ring, const char *src, size_t len);

#endif
