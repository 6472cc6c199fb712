/* Where serial input goes: to dom0's console (console_io read, signalled
 * by VIRQ_CONSOLE) or to the hypervisor's own key handler. Ctrl-A three
 * times in a row switches between them, as on Xen. */
#include <keel/domain.h>
#include <keel/event.h>
#include <keel/keel.h>
#include <keel/printk.h>
#include <public/event_channel.h>

#define CTRL_A        0x01
#define SWITCH_PRESSES 3

static void dump_domains(struct keel *k)
{
    spin_lock(&k->domains_lock);
    for (struct domain *d = k->domains; d; d = d->next) {
        unsigned int running = 0;

        for (unsigned int i = 0; i < d->nr_vcpus; i++)
            running += d->vcpus[i]->state != VCPU_DOWN;
        printk("d%u: %u vCPU(s), %u up, state %d%s\n", d->id, d->nr_vcpus,
               running, d->state, d->privileged ? ", privileged" : "");
    }
    spin_unlock(&k->domains_lock);
}

static void hypervisor_key(struct keel *k, char c)
{
    switch (c) {
    case 'd':
        dump_domains(k);
        break;
    case 'm':
        printk("free memory: %lu KiB\n", page_pool_free_pages(&k->pool) * 4);
        break;
    case '\r':
    case '\n':
        break;
    default:
        printk("keys: d = domains, m = free memory; Ctrl-A x3 = back to dom0\n");
    }
}

static void to_dom0(struct keel *k, char c)
{
    struct domain *d0 = domain_find(k, 0);

    if (!d0)
        return;
    console_input_push(c);
    evtchn_send_virq(d0, VIRQ_CONSOLE);
}

void console_input_char(struct keel *k, char c)
{
    if (c == CTRL_A) {
        if (++k->ctrl_a == SWITCH_PRESSES) {
            k->ctrl_a = 0;
            k->input_to_hypervisor = !k->input_to_hypervisor;
            printk("serial input to %s (Ctrl-A three times to switch)\n",
                   k->input_to_hypervisor ? "the hypervisor" : "dom0");
        }
        return;
    }
    /* Ctrl-A pressed fewer than three times was meant for the reader. */
    for (; k->ctrl_a; k->ctrl_a--)
        if (!k->input_to_hypervisor)
            to_dom0(k, CTRL_A);
    if (k->input_to_hypervisor)
        hypervisor_key(k, c);
    else
        to_dom0(k, c);
}
