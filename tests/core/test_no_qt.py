"""The core must run without Qt: importing every core module, in every subpackage, loads no PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import desktop.core


def test_core_imports_no_pyside6():
    modules = [m.name for m in pkgutil.walk_packages(desktop.core.__path__, "desktop.core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import desktop.cli\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"PySide6 loaded by the core: {out.stdout}"
    assert len(modules) >= 10
    assert {"desktop.core.sync.merge", "desktop.core.sync.staging"} <= set(modules)  # subpackages too
