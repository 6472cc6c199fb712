/* Copies between the hypervisor and guest virtual addresses, a page at a
 * time, because each guest page may map anywhere (or nowhere). */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include <keel/lib.h>

static int copy_guest(struct vcpu *v, gvaddr_t gva, void *buf, size_t len,
                      bool to_guest)
{
    unsigned char *p = buf;

    if (len && gva + (len - 1) < gva)
        return -EFAULT;
    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (gva & ~PAGE_MASK));
        paddr_t pa;
        void *host;

        if (arch_guest_va_to_pa(v, gva, to_guest, &pa))
            return -EFAULT;
        host = arch_phys_to_virt(pa);
        if (to_guest)
            memcpy(host, p, chunk);
        else
            memcpy(p, host, chunk);
        p += chunk;
        gva += chunk;
        len -= chunk;
    }
    return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, gvaddr_t src, size_t len)
{
    return copy_guest(v, src, dst, len, false);
}

int copy_to_guest(struct vcpu *v, gvaddr_t dst, const void *src, size_t len)
{
    return copy_guest(v, dst, (void *)src, len, true);
}
