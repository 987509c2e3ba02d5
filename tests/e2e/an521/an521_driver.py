# SPDX-License-Identifier: Apache-2.0
"""Drive the an521 images in QEMU through UART0 on stdio.

Each step waits for the shell prompt, sends one line and collects the reply
up to the next prompt, with a timeout, so every reply is tied to its command
and a hang becomes an error with the output so far. The run ends with the
emulation's exit status, which the images set through semihosting (`exit`:
the worst status of the session's commands; a fault: 3).
"""
import os
import select
import subprocess
import time

PROMPT = b"cai:~$ "

SRC = os.environ.get("CAI_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__),
                                                                      "..", "..", "..")))
BIN = os.environ.get("CAI_BIN_DIR", os.path.join(SRC, "build", "bin"))
# The same test HUK as the host's e2e tests and the README.
HUK = bytes(range(32))


def build_firmware(build):
    """Both images in their own configuration (as `make an521`); BINDIR.
    None when the mbedTLS source is missing (scripts/deps.sh target)."""
    mbedtls = os.path.join(SRC, ".deps", "mbedtls", "include", "mbedtls", "version.h")
    cache = os.path.join(build, "CMakeCache.txt")
    if not os.path.exists(mbedtls) and not os.path.exists(cache):
        return None
    if not os.path.exists(cache):
        subprocess.run(["cmake", "-S", SRC, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                        "-DCAI_PLATFORM=an521", "-DCMAKE_TOOLCHAIN_FILE=" +
                        os.path.join(SRC, "cmake", "toolchain-arm-none-eabi.cmake")],
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "-j", "2", "--target", "cai-s.elf", "cai-ns.elf"],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(build, "bin")


class Timeout(Exception):
    pass


class An521:
    def __init__(self, bindir, huk_blob=None, timeout=30.0, extra=()):
        args = ["qemu-system-arm", "-M", "mps2-an521", "-display", "none",
                "-monitor", "none", "-serial", "stdio",
                "-semihosting-config", "enable=on,target=native",
                "-kernel", os.path.join(bindir, "cai-s.elf"),
                "-device", "loader,file=" + os.path.join(bindir, "cai-ns.elf")]
        if huk_blob is not None:
            args += ["-device", f"loader,file={huk_blob},addr=0x101fe000,force-raw=on"]
        args += list(extra)
        self.timeout = timeout
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.buf = b""
        self.boot_log = self._until(PROMPT).decode(errors="replace")

    def _read_some(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise Timeout(self.buf.decode(errors="replace"))
        r, _, _ = select.select([self.proc.stdout], [], [], left)
        if not r:
            raise Timeout(self.buf.decode(errors="replace"))
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            return False
        self.buf += data
        return True

    def _until(self, marker, deadline=None):
        deadline = deadline or time.monotonic() + self.timeout
        while marker not in self.buf:
            if not self._read_some(deadline):
                raise EOFError(self.buf.decode(errors="replace"))
        out, self.buf = self.buf.split(marker, 1)
        return out

    def cmd(self, line):
        """Run one command; its output (echo removed, CRLF as LF)."""
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        out = self._until(PROMPT).replace(b"\r\n", b"\n").decode(errors="replace")
        echo = line + "\n"
        assert out.startswith(echo), f"no echo of {line!r}: {out!r}"
        return out[len(echo):]

    def crash(self, line):
        """Run a command that stops the system: (output, exit status)."""
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + self.timeout
        while self._read_some(deadline):
            pass
        return self.buf.replace(b"\r\n", b"\n").decode(errors="replace"), self.wait()

    def wait(self):
        try:
            return self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Timeout("QEMU did not exit")

    def exit(self):
        self.proc.stdin.write(b"exit\n")
        self.proc.stdin.flush()
        return self.wait()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def hexdump_bytes(text):
    """The bytes of the shell's hexdump lines ("00000000: d2 84 ... |..|")."""
    out = bytearray()
    for line in text.splitlines():
        if len(line) > 10 and line[8:10] == ": " and "|" in line:
            out += bytes.fromhex(line[10:line.index("|")].replace(" ", ""))
    return bytes(out)
