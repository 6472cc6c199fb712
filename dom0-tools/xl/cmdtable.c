/* The command table: every xl command, what it accepts and its help. The
 * parser in xl.c checks options and operand counts from here, and
 * `xl help` prints from here; docs/xl.md follows the same text. */
#include "xl.h"

const struct xl_cmd xl_cmds[] = {
    { "create", xl_cmd_create, "cpneFf:", 0, -1,
      "[options] <ConfigFile> [key=value ...]",
      "Create a domain from a config file (xl.cfg, JSON or XML)",
      "-h             Print this help.\n"
      "-c             Attach to the domain's console after creating it.\n"
      "-p             Leave the domain paused after creating it.\n"
      "-n             Dry run: print the parsed config as JSON, create nothing.\n"
      "-e             Do not start a monitor for on_poweroff/on_reboot/on_crash.\n"
      "-F             Run the monitor in the foreground, not as a daemon.\n"
      "-f FILE        The config file (every operand is then an override).\n"
      "key=value      Overrides after the file, in xl.cfg syntax: memory=256,\n"
      "               name=\"web2\" (xl.cfg files only).\n" },
    { "list", xl_cmd_list, "l", 0, -1, "[options] [Domain ...]",
      "List information about all or some domains",
      "-h             Print this help.\n"
      "-l             Print each domain's config as JSON, as libxl stores it.\n" },
    { "destroy", xl_cmd_destroy, "", 1, 1, "<Domain>",
      "Terminate a domain immediately", NULL },
    { "shutdown", xl_cmd_shutdown, "wa", 0, 1, "[options] <-a|Domain>",
      "Ask a domain to shut down",
      "-h             Print this help.\n"
      "-a             Shut down every domain but dom0.\n"
      "-w             Wait until the domain(s) have shut down or gone.\n" },
    { "reboot", xl_cmd_reboot, "wa", 0, 1, "[options] <-a|Domain>",
      "Ask a domain to reboot",
      "-h             Print this help.\n"
      "-a             Reboot every domain but dom0.\n"
      "-w             Wait until the domain(s) have shut down for the reboot.\n" },
    { "pause", xl_cmd_pause, "", 1, 1, "<Domain>", "Pause the execution of a domain",
      NULL },
    { "unpause", xl_cmd_unpause, "", 1, 1, "<Domain>",
      "Unpause a paused domain", NULL },
    { "console", xl_cmd_console, "t:n:", 1, 1, "[options] <Domain>",
      "Attach to a domain's console (Ctrl-] detaches)",
      "-h             Print this help.\n"
      "-t TYPE        Console type: pv (the only one on arm64) or serial.\n"
      "-n NUM         Console number: 0 (the only one).\n" },
    { "info", xl_cmd_info, "", 0, 0, "", "Get information about the host", NULL },
    { "dmesg", xl_cmd_dmesg, "c", 0, 0, "[options]",
      "Read and/or clear the hypervisor's message buffer",
      "-h             Print this help.\n"
      "-c             Clear the buffer after reading it.\n" },
    { "vcpu-list", xl_cmd_vcpu_list, "", 0, -1, "[Domain ...]",
      "List the vCPUs of all or some domains", NULL },
    { "domid", xl_cmd_domid, "", 1, 1, "<DomainName>",
      "Convert a domain name to a domain id", NULL },
    { "domname", xl_cmd_domname, "", 1, 1, "<DomainId>",
      "Convert a domain id to a domain name", NULL },
    { "uptime", xl_cmd_uptime, "s", 0, -1, "[options] [Domain ...]",
      "Print the uptime of all or some domains",
      "-h             Print this help.\n"
      "-s             Short form, as uptime(1) prints it.\n" },
    { "mem-set", xl_cmd_mem_set, "", 2, 2, "<Domain> <Size>",
      "Set a domain's memory target (the guest's balloon driver follows it)",
      "Size           A number with a unit: t, g, m (the default), k or b;\n"
      "               at most the domain's maxmem.\n" },
    { "network-attach", xl_cmd_network_attach, "", 1, -1,
      "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] "
      "[script=<script>] [vifname=<name>] [rate=<rate>] [mtu=<mtu>] "
      "[model=<model>]",
      "Create a new virtual network device",
      "mac=MAC        Its MAC; default 00:16:3e, then the domid and the handle.\n"
      "bridge=NAME    The bridge in dom0 (default xenbr0).\n"
      "ip=ADDR        Addresses for the hotplug script (vif-route).\n"
      "script=NAME    Hotplug script (default vif-bridge).\n"
      "vifname=NAME   Its interface name in dom0 (default vif<domid>.<handle>).\n"
      "rate=RATE      What the guest may send: 10Mb/s, 100MB/s@20ms, ...\n"
      "mtu=N          Its MTU, 68 to 65535 (default 1500).\n"
      "type=, model=  Taken and ignored, as for a PV guest.\n" },
    { "network-list", xl_cmd_network_list, "", 1, -1, "<Domain(s)>",
      "List virtual network interfaces for a domain", NULL },
    { "network-detach", xl_cmd_network_detach, "", 2, 2, "<Domain> <DevId|mac>",
      "Destroy a domain's virtual network device",
      "DevId          The handle network-list shows as Idx, or the MAC.\n" },
    { "block-attach", xl_cmd_block_attach, "", 2, -1,
      "<Domain> <disk-spec-component(s)>...",
      "Create a new virtual block device",
      "disk-spec      As in xl.cfg's disk list, whole or in words joined with\n"
      "               commas: /srv/x.img,raw,xvdb,r or target=/srv/x.img\n"
      "               vdev=xvdb access=ro (target= takes the rest of its word).\n" },
    { "block-list", xl_cmd_block_list, "", 1, -1, "<Domain(s)>",
      "List virtual block devices for a domain", NULL },
    { "block-detach", xl_cmd_block_detach, "", 2, 2, "<Domain> <DevId>",
      "Destroy a domain's virtual block device",
      "DevId          The vdev (xvdb) or its device number (51728).\n" },
    { "help", xl_cmd_help, "", 0, 1, "[command]",
      "Print the list of commands, or one command's usage", NULL },
};

const unsigned xl_nr_cmds = sizeof(xl_cmds) / sizeof(xl_cmds[0]);
