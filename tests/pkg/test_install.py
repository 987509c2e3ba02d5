# SPDX-License-Identifier: Apache-2.0
"""`cmake --install` (what `make install PREFIX=...` runs) puts every part
where it belongs; an out-of-tree NS program builds against the installed
tree, once with pkg-config and once with find_package(cai), and reads the
device UUID from the installed cai-spe; the installed library holds no
secure-side symbol; DESTDIR stages the same tree elsewhere."""
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from pkgenv import HUK_HEX, PROGRAMS, SRC, build_dir, clean_env, install, prefix, tool  # noqa: F401

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = [
    "lib/libcai-client.a", "lib/pkgconfig/cai.pc", "lib/cmake/cai/caiConfig.cmake",
    "lib/cmake/cai/caiConfigVersion.cmake", "lib/cmake/cai/caiTargets.cmake",
    "include/cai-client/psa/client.h", "include/cai-client/psa/error.h",
    "include/cai-client/cai/services.h", "include/cai-client/cai/identity.h",
    "include/cai-client/cai/identity_client.h", "include/cai-client/cai_host/psa_client_host.h",
    "lib/systemd/system/cai-spe.service", "lib/systemd/user/cai-spe.service",
    "lib/sysusers.d/cai.conf", "share/cai/models/sine.tflite", "share/doc/cai/README.md",
    "share/doc/cai/host.md",
] + [f"bin/{p}" for p in PROGRAMS] + [f"share/bash-completion/completions/{p}" for p in PROGRAMS]


def test_layout(prefix):
    missing = [f for f in EXPECTED if not os.path.isfile(os.path.join(prefix, f))]
    assert not missing, missing
    for p in PROGRAMS:
        assert os.access(os.path.join(prefix, "bin", p), os.X_OK)
    # The test image is not part of the package.
    assert not os.path.exists(os.path.join(prefix, "bin", "cai-spe-test"))
    unit = open(os.path.join(prefix, "lib/systemd/system/cai-spe.service")).read()
    assert f"ExecStart={prefix}/bin/cai-spe " in unit


def test_headers_compile_alone(prefix, tmp_path):
    """Each public header compiles on its own, as C11 with the project's
    warnings, from the installed tree only."""
    cc = tool("cc")
    inc = os.path.join(prefix, "include", "cai-client")
    for root, _, files in os.walk(inc):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), inc)
            src = tmp_path / "h.c"
            src.write_text(f'#include "{rel}"\nint main(void) {{ return 0; }}\n')
            r = subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-I", inc,
                                "-o", str(tmp_path / "h"), str(src)],
                               capture_output=True, text=True)
            assert r.returncode == 0, rel + ":\n" + r.stderr


def test_installed_library_has_no_spe_symbol(prefix):
    spm = os.environ.get("CAI_SPM_LIB")
    if not spm:
        pytest.skip("CAI_SPM_LIB is not set: run through ctest")
    r = subprocess.run(["sh", os.path.join(SRC, "tests/unit/layout/check_nspe_symbols.sh"), spm,
                        "--", os.path.join(prefix, "lib/libcai-client.a")],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "ok:   libcai-client.a has no SPE symbol" in r.stdout, \
        r.stdout + r.stderr


class InstalledSpe:
    """The installed cai-spe (the product image) in the foreground."""

    def __init__(self, prefix, tmp):
        self.state = os.path.join(tmp, "st")
        os.mkdir(self.state, 0o700)
        self.sock = os.path.join(self.state, "spe.sock")
        self.env = clean_env(tmp, CAI_HUK_HEX=HUK_HEX)
        self.proc = subprocess.Popen([os.path.join(prefix, "bin", "cai-spe"), "--foreground",
                                      "--state-dir", self.state], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.proc.poll() is None:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            try:
                s.connect(self.sock)
                return
            except OSError:
                time.sleep(0.02)
            finally:
                s.close()
        raise RuntimeError("the installed cai-spe did not start: " +
                           self.proc.stderr.read().decode(errors="replace"))

    def uuid_from_cai(self, prefix):
        r = subprocess.run([os.path.join(prefix, "bin", "cai"), "--state-dir", self.state,
                            "info", "uuid"], capture_output=True, text=True, env=self.env,
                           timeout=60)
        assert r.returncode == 0, r.stderr
        return r.stdout.strip()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=30) == 0


@pytest.fixture
def installed_spe(prefix, tmp_path):
    s = InstalledSpe(prefix, str(tmp_path))
    yield s
    s.stop()


def run_nsapp(exe, spe, prefix):
    r = subprocess.run([exe, spe.sock], capture_output=True, text=True, env=spe.env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "framework_version: 1.1\n" in r.stdout, r.stdout
    uuid = [line for line in r.stdout.splitlines() if line.startswith("uuid: ")]
    assert uuid == [spe.uuid_from_cai(prefix)], r.stdout


def test_pkg_config_program(prefix, installed_spe, tmp_path):
    pkgconf = tool("pkg-config")
    cc = tool("cc")
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib", "pkgconfig"))
    env.pop("PKG_CONFIG_LIBDIR", None)
    flags = subprocess.run([pkgconf, "--cflags", "--libs", "cai"], capture_output=True,
                           text=True, env=env, check=True).stdout.split()
    version = subprocess.run([pkgconf, "--modversion", "cai"], capture_output=True, text=True,
                             env=env, check=True).stdout.strip()
    assert version == open(os.path.join(SRC, "CMakeLists.txt")).read().split(
        "project(cai VERSION ")[1].split()[0]
    exe = str(tmp_path / "nsapp")
    r = subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror",
                        os.path.join(HERE, "nsapp.c"), "-o", exe, *flags],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    run_nsapp(exe, installed_spe, prefix)


def test_find_package_program(prefix, installed_spe, tmp_path):
    cmake = tool("cmake")
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(os.path.join(HERE, "nsapp.c"), src / "nsapp.c")
    shutil.copy(os.path.join(HERE, "nsapp.cmake"), src / "CMakeLists.txt")
    bld = tmp_path / "bld"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMAKE_")}
    r = subprocess.run([cmake, "-S", str(src), "-B", str(bld), f"-DCMAKE_PREFIX_PATH={prefix}",
                        "-DCMAKE_C_FLAGS=-Wall -Wextra -Werror"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([cmake, "--build", str(bld)], capture_output=True, text=True, env=env,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    run_nsapp(str(bld / "nsapp"), installed_spe, prefix)


def test_destdir_stages_the_same_tree(prefix, tmp_path):
    dest = tmp_path / "stage"
    install("/opt/cai", destdir=str(dest))
    staged = dest / "opt" / "cai"
    for f in EXPECTED:
        assert (staged / f).is_file(), f
    # Paths inside name the final prefix, not the staging directory.
    unit = (staged / "lib/systemd/system/cai-spe.service").read_text()
    assert "ExecStart=/opt/cai/bin/cai-spe " in unit and str(dest) not in unit
    # pkg-config resolves relative to the .pc file, so a staged tree works too.
    pkgconf = tool("pkg-config")
    env = dict(os.environ, PKG_CONFIG_PATH=str(staged / "lib" / "pkgconfig"))
    r = subprocess.run([pkgconf, "--variable=includedir", "cai"], capture_output=True, text=True,
                       env=env, check=True)
    assert os.path.isfile(os.path.join(r.stdout.strip(), "psa", "client.h"))
