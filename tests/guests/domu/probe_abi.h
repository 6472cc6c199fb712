/* The contract between domu-probe (the guest, tests/guests/domu/) and the
 * dom0 program that builds and runs it (tests/dom0/domu-smoke.c). Plain
 * constants only: the guest is freestanding, the dom0 side is hosted.
 *
 * The domain gets PROBE_NR_VCPUS vCPUs and PROBE_RAM_SIZE of RAM at
 * PROBE_RAM_BASE (Xen's guest layout), plus the console and xenstore magic
 * pages. The raw Image is copied to PROBE_RAM_BASE and vCPU 0 starts at
 * its first byte with x0 = 0 (no device tree: everything the guest needs
 * is here).
 *
 * The guest writes its report, one text line per check, at
 * PROBE_RESULT_ADDR: NUL-terminated, at most PROBE_RESULT_SIZE bytes with
 * the NUL. Every line starts "domu-probe: "; then comes "ok WHAT" or
 * "FAIL WHAT: ...", and last "PASS n checks ..." or "FAIL k of n". The
 * guest then shuts down with SCHEDOP_shutdown: poweroff when every check
 * passed, crash otherwise. dom0 reads the report through a foreign mapping
 * once the domain has shut down. */
#ifndef DOMU_PROBE_ABI_H
#define DOMU_PROBE_ABI_H

#define PROBE_NAME          "domu-probe"

#define PROBE_RAM_BASE      0x40000000ULL
#define PROBE_RAM_SIZE      (16ULL << 20)
#define PROBE_NR_VCPUS      2

/* The image must end below the report. */
#define PROBE_RESULT_OFFSET (1ULL << 20)
#define PROBE_RESULT_ADDR   (PROBE_RAM_BASE + PROBE_RESULT_OFFSET)
#define PROBE_RESULT_SIZE   (64ULL << 10)

/* Guest frames of the console and xenstore pages (GUEST_MAGIC_BASE and the
 * two pages after it), and the HVM_PARAM_CONSOLE_PFN value dom0 sets and
 * the guest expects to read back. */
#define PROBE_CONSOLE_PFN   0x39000ULL
#define PROBE_XENSTORE_PFN  0x39001ULL

/* The MPIDR affinity PSCI CPU_ON names the second vCPU by. */
#define PROBE_SECONDARY_MPIDR 1ULL

#endif
