/* Boot-time services shared by the arm64 start-up files. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <keel/bootinfo.h>
#include <keel/dt.h>
#include <keel/keel.h>
#include <asm/pcpu.h>

extern char _text[], _etext[], _data[], _end[];
extern uint64_t mmu_boot_regs[3];

/* mmu.c */
void mmu_boot_tables(paddr_t load_base);
int mmu_final_map(struct page_pool *pool, const struct bootinfo *bi,
                  const struct dt *dt);
bool mmu_is_ram(paddr_t pa);

/* smp.c */
int smp_read_cpus(const struct dt *dt);
void smp_boot_secondaries(struct keel *k);
void pcpu_setup(unsigned int id, uint64_t mpidr, struct keel *k);

/* irq.c */
void irq_init_cpu(void);

void idle_loop(void) __attribute__((noreturn));
void arch_schedule(struct pcpu *p);

/* domain_build.c */
int build_boot_domain(struct keel *k, const struct bootinfo *bi,
                      const struct dt *host);

/* console.c: the hypervisor's console UART. */
int console_init(const struct dt *dt);
void console_enable_input(void);
/* The UART's device-tree node (dom0 must not get it), or -1. */
int console_node(void);
/* Its receive interrupt: the INTID, and the handler. */
unsigned int console_irq(void);
void console_rx_irq(void);

/* guest_memory.c: returns a dying domain's owned pages. */
void guest_memory_free(struct domain *d);

#endif
