#!/usr/bin/env python3
"""libvirt's own reading of each golden domain XML against the golden direct argv.

For every tests/testdata/golden/NAME.domain.xml that is not refused, `virsh domxml-to-native
qemu-argv` (through the URI given) turns it into the QEMU argv libvirt would run; both argvs are
reduced to what the guest sees, device by device, and compared with NAME.tcg-x86_64.argv.
Differences by design are listed in BY_DESIGN and checked to be exactly those.
  domxml_to_native_test.py GOLDEN_DIR   (URI from MEMATTR_LIBVIRT_URI: with_libvirtd.sh)
"""
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

# What the libvirt domain expresses differently on purpose (see src/libvirt/domain_xml.h).
BY_DESIGN = {
    "serial": "a pty read through virDomainOpenConsole (works remotely), not a file",
    "firmware": "a 64 MiB pflash copy of the same QEMU_EFI.fd (libvirt refuses -bios with ACPI)",
    "events": "libvirt's UNIX socket path, read with virDomainOpenChannel",
    "numa-backing": "a CPU-less node with no file chosen is libvirt's guest memory (sizes compared)",
}


def size(text):
    m = re.fullmatch(r"(\d+)([kKMG]?)", str(text))
    return int(m.group(1)) * {"": 1, "k": 1 << 10, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)]


def props(value):
    """'a=1,b=2' or libvirt's JSON '{"a":1}' -> dict (the leading bare word as 'type')."""
    if value.startswith("{"):
        return json.loads(value)
    out = {}
    for i, part in enumerate(value.split(",")):
        k, eq, v = part.partition("=")
        if eq:
            out[k] = v
        elif i == 0:
            out["type"] = k
    return out


def options(argv):
    pairs, i = [], 1
    while i < len(argv):
        if argv[i].startswith("-") and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            pairs.append((argv[i], argv[i + 1]))
            i += 2
        else:
            pairs.append((argv[i], None))
            i += 1
    return pairs


def guest_view(argv):
    """What the guest sees, keyed by device."""
    view, objects, cpu_props = {}, {}, {}
    opts = options(argv)
    for opt, val in opts:
        if opt == "-object":
            p = props(val)
            objects[p.get("id")] = p
        if opt == "-global" and "-arm-cpu." in val:
            k, _, v = val.split("-arm-cpu.", 1)[1].partition("=")
            cpu_props[k] = v
    for opt, val in opts:
        if opt == "-machine":
            p = props(val)
            view["machine"] = {k: p[k] for k in ("gic-version", "iommu", "nvdimm") if k in p}
            view["machine"]["type"] = p.get("type", "").split("-")[0]
        elif opt == "-accel":
            view["accel"] = val
        elif opt == "-cpu":
            p = props(val)
            view["cpu"] = dict(model=p.pop("type"), **p)
        elif opt == "-smp":
            view["smp"] = int(val.split(",")[0])
        elif opt == "-m":
            p = props(val if "=" in val.split(",")[0] else "size=" + val)
            view["memory"] = {k: size(p[k]) for k in ("size", "maxmem") if k in p}
            view["memory"]["slots"] = int(p.get("slots", 0))
        elif opt == "-numa":
            p = props(val)
            mem = objects[p["memdev"]]
            nodes = mem.get("host-nodes")
            view.setdefault("numa", []).append(
                {"node": int(p["nodeid"]), "cpus": p.get("cpus"), "bytes": size(mem["size"]),
                 "host-nodes": ",".join(map(str, nodes)) if isinstance(nodes, list) else nodes,
                 "policy": mem.get("policy")})
        elif opt == "-device":
            add_device(view, props(val), objects)
        elif opt == "-fw_cfg":
            view["fw_cfg"] = val
        elif opt in ("-kernel", "-initrd", "-append"):
            view[opt[1:]] = val
    if "cpu" in view:
        view["cpu"].update(cpu_props)
    # libvirt gives a guest with memory devices one NUMA cell holding everything: no NUMA to it.
    numa = view.get("numa", [])
    if len(numa) == 1 and numa[0]["bytes"] == view["memory"]["size"]:
        del view["numa"]
    return view


def add_device(view, dev, objects):
    kind = dev.get("driver") or dev.get("type")
    addr = dev.get("addr")
    if kind == "nvdimm":
        mem = objects[dev["memdev"]]
        label, align = size(dev.get("label-size", 0)), size(mem.get("align", 1))
        usable = (size(mem["size"]) - label) // align * align  # QEMU aligns the area down
        view.setdefault("nvdimm", []).append(
            {"mem-path": mem["mem-path"], "share": str(mem.get("share")).lower() in ("on", "true"),
             "align": align, "label": label, "usable": usable})
    elif kind == "ivshmem-plain":
        mem = objects[dev["memdev"]]
        view.setdefault("ivshmem", []).append(
            {"id": dev["id"], "mem-path": mem["mem-path"], "bytes": size(mem["size"]), "addr": addr})
    elif kind == "vfio-pci":
        view.setdefault("vfio", []).append({"host": dev["host"], "addr": addr})
    elif kind == "virtio-serial-pci":
        view["virtio-serial"] = addr
    elif kind == "virtserialport":
        view["event-port"] = dev["name"]


def main():
    uri, golden = os.environ["MEMATTR_LIBVIRT_URI"], Path(sys.argv[1])
    compared, failures = 0, []
    for xml in sorted(golden.glob("*.domain.xml")):
        text = xml.read_text()
        if "# refused:" in text:
            continue
        stem = xml.name[: -len(".domain.xml")]
        direct = (golden / f"{stem}.tcg-x86_64.argv").read_text().splitlines()
        direct = [a for a in direct if not a.startswith("# ")]
        body = "\n".join(l for l in text.splitlines() if not l.startswith("# "))
        run = subprocess.run(["virsh", "-c", uri, "domxml-to-native", "qemu-argv", "/dev/stdin"],
                             input=body, capture_output=True, text=True)
        if run.returncode != 0 and "passthrough of host PCI devices" in run.stderr:
            print(f"{stem}: SKIP: this host has no PCI passthrough (VFIO), so libvirt will not "
                  "render its <hostdev>")
            continue
        if run.returncode != 0:
            failures.append(f"{xml.name}: virsh domxml-to-native: {run.stderr.strip()}")
            continue
        native = [a for a in shlex.split(run.stdout) if "=" not in a or not a.split("=")[0].isupper()]
        a, b = guest_view(direct), guest_view(native)
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                failures.append(f"{stem}: {key}: direct {a.get(key)} != libvirt {b.get(key)}")
        print(f"{stem}: {len(a)} device groups compared: {', '.join(sorted(a))}")
        compared += 1
    for f in failures:
        print("FAIL", f)
    if compared < 3:
        print(f"FAIL only {compared} golden domain XMLs compared")
        return 1
    print("by design, not compared:", "; ".join(f"{k}: {v}" for k, v in BY_DESIGN.items()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
