/* Message decoding and dispatch: one table maps each request type to
 * its handler. A handler returns 0 once it has replied, or -errno, which
 * becomes an ERROR reply carrying the errno's name. */
#ifndef XSD_PROTO_H
#define XSD_PROTO_H

#include "xsd.h"

void proto_handle(struct xsd *d, struct xs_conn *c,
                  const struct xsd_sockmsg *hdr, const char *body,
                  uint32_t len);

int req_reply(struct xs_req *r, const void *data, size_t len);
int req_ack(struct xs_req *r);
/* The payload as exactly max NUL-terminated strings (fewer: -EINVAL). */
int req_args(const struct xs_req *r, const char **v, unsigned int n);
/* The payload as exactly one string. */
const char *req_onearg(const struct xs_req *r);
/* Number of NUL-terminated strings in the payload. */
unsigned int req_count_strings(const struct xs_req *r);
const char *proto_errname(int err);
const char *proto_typename(uint32_t type);

/* Parses a decimal domid (0..65535); -EINVAL otherwise. */
int xs_parse_domid(const char *s);

/* Handlers, one per request type. */
int op_read(struct xs_req *r);
int op_write(struct xs_req *r);
int op_mkdir(struct xs_req *r);
int op_rm(struct xs_req *r);
int op_directory(struct xs_req *r);
int op_directory_part(struct xs_req *r);
int op_get_perms(struct xs_req *r);
int op_set_perms(struct xs_req *r);
int op_watch(struct xs_req *r);
int op_unwatch(struct xs_req *r);
int op_reset_watches(struct xs_req *r);
int op_transaction_start(struct xs_req *r);
int op_transaction_end(struct xs_req *r);
int op_introduce(struct xs_req *r);
int op_release(struct xs_req *r);
int op_get_domain_path(struct xs_req *r);
int op_is_domain_introduced(struct xs_req *r);
int op_resume(struct xs_req *r);
int op_set_target(struct xs_req *r);
int op_control(struct xs_req *r);

#endif
