# SPDX-License-Identifier: Apache-2.0
"""bench.an521: instruction counts of the an521 firmware in QEMU
(-icount shift=0: one instruction per virtual nanosecond), measured with the
non-secure SysTick (`tz bench`, `tz time`) and calibrated in the same run
against a loop of known length; and the images' sizes. Each figure is
printed beside its goal (docs/an521.md)."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "e2e", "an521"))
from an521_driver import SRC, An521, build_firmware  # noqa: E402

N = 1000


def main():
    bindir = build_firmware(os.environ.get("CAI_AN521_BUILD", os.path.join(SRC, "build-an521")))
    if bindir is None:
        print("skipped: no mbedTLS source in .deps/ (scripts/deps.sh target)")
        return 77
    d = An521(bindir, timeout=120.0, extra=["-icount", "shift=0"])
    try:
        b = dict(re.findall(r"^(\w+): (\d+)$", d.cmd(f"tz bench {N}"), re.M))
        per_tick = 200000 / int(b["ticks_per_200000_instructions"])

        def insns(ticks, n=1):
            return int(ticks) * per_tick / n

        rows = [
            ("veneer round trip (psa_framework_version)", insns(b["framework_version"], N), None),
            ("psa_version (veneer + SPM lookup)", insns(b["version"], N), None),
            ("psa_call refused by the SPM (bad handle)", insns(b["call_refused"], N), None),
            ("null psa_call (no vectors, a service answers at once)",
             insns(b["call_null"], N), 500),
            ("psa_call served (identity: UUID, in + out vector)",
             insns(b["call_identity_uuid"], N), None),
        ]
        # Whole shell commands: the NS side's parsing and output over the UART
        # are included.
        for label, line in (("infer get sine cbor 1 (one inference, unsigned)",
                             "infer get sine cbor 1"),
                            ("infer get sine sign1 1 (inference + ES256)",
                             "infer get sine sign1 1"),
                            ("keys csr tls (CSR built and signed in the SPE)", "keys csr tls")):
            t = re.search(r"^ticks: (\d+)$", d.cmd("tz time " + line), re.M)
            rows.append((label, insns(t.group(1)), None))
        d.exit()
    finally:
        d.close()
    print(f"an521 in QEMU -icount shift=0, {per_tick:.0f} instructions per SysTick tick "
          f"(calibrated), per call averaged over {N} calls (loop included)")
    for label, v, goal in rows:
        note = f"   goal <= {goal}: {'met' if v <= goal else 'NOT met'}" if goal else ""
        print(f"  {label:52s} {v:12.1f} instructions{note}")
    print("  (the null call: the inference service's function answering an unknown call "
          "type, the\n  full veneer + SPM dispatch path with no service work)")
    for elf in ("cai-s.elf", "cai-ns.elf"):
        print(subprocess.run(["arm-none-eabi-size", os.path.join(bindir, elf)],
                             capture_output=True, text=True, check=True).stdout.rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
