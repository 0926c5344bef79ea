#!/usr/bin/env python3
"""Set up and run the portal with nothing but Python 3.11 (standard library only).

    python3 dev.py demo    # virtualenv, packages, database, translations, demo data; serve on :8000
    python3 dev.py test    # virtualenv, packages, translations, Chromium for browser tests; run pytest

Extra arguments after `test` go to pytest (e.g. `python3 dev.py test tests/accounts -x`).
Environment variables (DATABASE_URL, REDIS_URL, ...) pass through; see .env.example.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".requirements.sha256"
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]
TEST_TOOLS = {"chromium": "/usr/bin/chromium", "poppler-utils": "/usr/bin/pdftotext"}


def run(*args: str | Path, env: dict | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env={**os.environ, **(env or {})})


def ensure_virtualenv() -> None:
    if sys.version_info[:2] != (3, 11):
        print(f"warning: the portal targets Python 3.11; this is {sys.version.split()[0]}", file=sys.stderr)
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256(b"".join((ROOT / name).read_bytes() for name in REQUIREMENTS)).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", "requirements-dev.txt")
    STAMP.write_text(digest)


def compile_translations() -> None:
    # Babel compiles .po files without GNU gettext, which a fresh machine may not have.
    run(PYTHON, "manage.py", "compiletranslations")


def ensure_test_tools() -> None:
    """Browser tests drive Debian's Chromium and PDF tests read pages with poppler-utils (pdftotext,
    pdftoppm); install them with apt-get when they are missing."""
    missing = [package for package, program in TEST_TOOLS.items() if not Path(program).exists()]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if not apt:
        sys.exit(
            f"Missing {', '.join(missing)} and apt-get is not available: install them with your "
            "system's package manager (the browser tests need Chromium, the PDF tests pdftotext)."
        )
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run(*sudo, apt, "update", "-qq", env=env)
    run(*sudo, apt, "install", "-y", "-qq", *missing, env=env)


def demo() -> None:
    ensure_virtualenv()
    compile_translations()
    env = {"DEBUG": os.environ.get("DEBUG", "1")}
    run(PYTHON, "manage.py", "migrate", "--no-input", env=env)
    run(PYTHON, "manage.py", "seed_demo", env=env)
    print("\nSiNovik is running at http://127.0.0.1:8000/ (Ctrl+C stops it)\n", flush=True)
    os.chdir(ROOT)
    os.execve(str(PYTHON), [str(PYTHON), "manage.py", "runserver", "127.0.0.1:8000"], {**os.environ, **env})


def test(pytest_args: list[str]) -> None:
    ensure_virtualenv()
    compile_translations()
    ensure_test_tools()
    os.chdir(ROOT)
    # The whole suite runs in one process per core (pytest-xdist); a chosen subset runs in one.
    parallel = [] if pytest_args else ["-n", "auto"]
    os.execv(str(PYTHON), [str(PYTHON), "-m", "pytest", *parallel, *pytest_args])


def main() -> None:
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if command == "demo":
        demo()
    elif command == "test":
        test(args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
