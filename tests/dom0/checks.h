/* Every check dom0-test runs; each returns 0 (ok) or -1 and fills r. */
#ifndef DOM0_TEST_CHECKS_H
#define DOM0_TEST_CHECKS_H

#include "check.h"

/* privcmd.c */
int check_xen_version(struct result *r);
int check_xen_features(struct result *r);
int check_features_ptr_one(struct result *r);
int check_features_ptr_unmapped(struct result *r);
int check_features_ptr_straddle(struct result *r);
int check_features_ptr_readonly(struct result *r);
int check_unknown_op_pv(struct result *r);
int check_unknown_op_large(struct result *r);
int check_unknown_op_all_ones(struct result *r);

/* xenfs.c */
int check_xenfs_control_d(struct result *r);

/* evtchn.c */
int check_evtchn_loopback(struct result *r);
int check_evtchn_notify_never_bound(struct result *r);
int check_evtchn_notify_after_unbind(struct result *r);
int check_evtchn_bind_port_zero(struct result *r);
int check_evtchn_bind_absent_domain(struct result *r);
int check_evtchn_bind_port_taken(struct result *r);

/* grant.c */
int check_grant_self_map(struct result *r);
int check_gntdev_ref_out_of_range(struct result *r);
int check_gntdev_ref_not_granted(struct result *r);
int check_gntdev_absent_domain(struct result *r);
int check_gntalloc_over_limit(struct result *r);

/* balloon.c */
int check_balloon(struct result *r);

#endif
