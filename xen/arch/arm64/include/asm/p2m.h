/* Guests' stage-2 translation: guest physical to host physical. */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <keel/types.h>
#include <asm/vcpu.h>

struct page_pool;

void p2m_cpu_init(void);
int p2m_init(struct page_pool *pool, struct p2m *p2m);
int p2m_map_ram(struct page_pool *pool, struct p2m *p2m, gpaddr_t gpa,
                paddr_t pa, uint64_t size);
int p2m_lookup(const struct p2m *p2m, gpaddr_t gpa, paddr_t *pa);
void p2m_destroy(struct page_pool *pool, struct p2m *p2m);

#endif
