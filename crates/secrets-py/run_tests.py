#!/usr/bin/env python3
"""The rsecrets tests, as ``cargo xtask test`` runs them.

1. Build the abi3 wheel once (maturin, release profile).
2. Install it with pip into a scratch directory (``target/rsecrets-test``),
   leaving every interpreter's own site-packages alone.
3. Run the pytest suite (``tests/``) with this interpreter.
4. Under every CPython 3.8-3.13 found (pyenv's versions, ``python3.X`` on
   PATH, and this interpreter), with the same wheel: CPython's own
   ``test_secrets`` unmodified, ``test_random``'s SystemRandom tests and our
   differential ``test_compat.py`` (``tests/cpython_suite.py``).

Needs maturin and pytest in this interpreter (``.ci/run`` installs them with
pip). Exits non-zero if anything fails.
"""

import concurrent.futures
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CRATE = Path(__file__).resolve().parent
ROOT = CRATE.parents[1]
SCRATCH = ROOT / "target" / "rsecrets-test"
MINORS = range(8, 14)


def step(title):
    print("\n--> rsecrets: %s" % title, flush=True)


def run(command, **kwargs):
    print("$ " + " ".join(str(part) for part in command), flush=True)
    return subprocess.run(command, **kwargs).returncode == 0


def maturin():
    """The maturin command: this interpreter's package, or one on PATH."""
    if importlib.util.find_spec("maturin") is not None:
        return [sys.executable, "-m", "maturin"]
    if shutil.which("maturin"):
        return ["maturin"]
    sys.exit("rsecrets: maturin is needed to build the wheel: python3 -m pip install maturin")


def build_and_install():
    wheel_dir, site = SCRATCH / "wheel", SCRATCH / "site"
    for directory in (wheel_dir, site):
        shutil.rmtree(directory, ignore_errors=True)
    step("build the wheel (maturin, release)")
    built = run(
        maturin() + ["build", "--release", "--quiet",
                     "--manifest-path", CRATE / "Cargo.toml", "--out", wheel_dir],
        cwd=ROOT,
    )
    wheels = sorted(wheel_dir.glob("rsecrets-*.whl"))
    if not built or len(wheels) != 1:
        sys.exit("rsecrets: the wheel did not build")
    step("install %s into %s" % (wheels[0].name, site.relative_to(ROOT)))
    installed = run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--target", site, wheels[0]],
        env=dict(os.environ, PIP_ROOT_USER_ACTION="ignore"),
    )
    if not installed:
        sys.exit("rsecrets: pip could not install the wheel")
    return site


def version_of(python):
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def interpreters():
    """One CPython per minor version from 3.8 to 3.13 that is installed."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [sys.executable]
    for minor in MINORS:
        candidates += sorted(glob.glob(str(pyenv_root / "versions" / ("3.%d.*" % minor) / "bin" / "python3")))
        on_path = shutil.which("python3.%d" % minor)
        if on_path:
            candidates.append(on_path)
    found = {}
    for python in candidates:
        version = version_of(python)
        if version and version not in found and int(version.split(".")[1]) in MINORS:
            found[version] = python
    return dict(sorted(found.items(), key=lambda item: int(item[0].split(".")[1])))


def main():
    started = time.monotonic()
    if importlib.util.find_spec("pytest") is None:
        sys.exit("rsecrets: pytest is needed to run the tests: python3 -m pip install pytest")
    site = build_and_install()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    failures = []

    step("pytest suite under %s" % sys.version.split()[0])
    if not run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", CRATE / "tests"], env=env, cwd=ROOT):
        failures.append("pytest")

    found = interpreters()

    def suite(version):
        return subprocess.run(
            [found[version], CRATE / "tests" / "cpython_suite.py"],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    # Independent interpreters: run them side by side, report in order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(found, pool.map(suite, found)))
    for version, result in results.items():
        step("CPython %s (%s): test_secrets, test_random SystemRandom, test_compat" % (version, found[version]))
        print(result.stdout, end="")
        if result.returncode != 0:
            failures.append("CPython %s suite" % version)
    missing = ["3.%d" % m for m in MINORS if "3.%d" % m not in found]
    if missing:
        print("note: not installed here, so not run: CPython " + ", ".join(missing))

    print("\nrsecrets: %s in %.0f s" % ("FAILED: " + ", ".join(failures) if failures else "all passed",
                                       time.monotonic() - started))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
