"""pramoen.core is the framework-free heart: it must never import Django."""

import ast
import subprocess
import sys
from pathlib import Path

import pramoen.core

CORE = Path(pramoen.core.__file__).parent


def test_no_core_module_imports_django():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [a.value for a in node.args if isinstance(a, ast.Constant)]
            offenders += [f"{path.name}: {n}" for n in names if str(n).split(".")[0] == "django"]
    assert offenders == []


def test_importing_the_core_loads_no_django():
    code = (
        "import sys, pramoen.core, pramoen.core.officialdoc, pramoen.core.scoring;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    # the guard itself must be able to fail: the core files were actually scanned
    assert len(list(CORE.rglob("*.py"))) >= 8
