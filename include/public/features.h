/* Feature bits returned by XENVER_get_features, submap 0. */
#ifndef KEEL_PUBLIC_FEATURES_H
#define KEEL_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables        0
#define XENFEAT_auto_translated_physmap     2
#define XENFEAT_dom0                        11
#define XENFEAT_memory_op_vnode_supported   13
#define XENFEAT_ARM_SMCCC_supported         14
#define XENFEAT_not_direct_mapped           16
#define XENFEAT_direct_mapped               17
#define XENFEAT_runstate_phys_area          18

#define XENFEAT_NR_SUBMAPS 1

#endif
