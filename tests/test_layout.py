"""The library stays free of Prefect: only flows/ (and the CLI's run command, lazily) import it."""

from __future__ import annotations

import subprocess
import sys


def test_library_modules_do_not_import_prefect() -> None:
    code = (
        "import pkgutil, importlib, sys, newsfacts\n"
        "for m in pkgutil.walk_packages(newsfacts.__path__, 'newsfacts.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n == 'prefect' or n.startswith('prefect.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
