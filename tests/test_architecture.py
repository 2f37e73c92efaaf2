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


# Several app servers serve the same people: nothing one keeps in its memory may differ from
# another's. Each per-process cache is listed here with why it cannot go stale; a new one must
# be added knowingly (a cache of database rows needs a key that moves with every change).
PROCESS_CACHES = {
    # a round's levels and applicability, keyed by the round and its import time, which the
    # editor moves too (tests/evaluation/services/test_round_edit.py: the district pages and
    # the save see new levels and districts at once)
    "evaluation/selectors/rounds.py:_round_snapshot",
    # a card's levels as HTML, keyed by everything it shows
    "evaluation/templatetags/pramoen.py:_levels_html",
    # the trusted proxies' networks parsed, a pure function of the setting's values
    "web/clientip.py:_networks",
    # pure functions of their arguments or of files shipped with the package
    "core/thairepair.py:*",
    "core/pdffont.py:*",
    "core/wordbreak.py:*",
}


def _cached_functions() -> set[str]:
    package = CORE.parent
    found = set()
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                name = (
                    target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                )
                if name in ("lru_cache", "cache"):
                    found.add(f"{path.relative_to(package).as_posix()}:{node.name}")
    return found


def test_every_per_process_cache_is_known_not_to_go_stale():
    listed = {c for c in PROCESS_CACHES if not c.endswith(":*")}
    wildcards = {c[:-2] for c in PROCESS_CACHES if c.endswith(":*")}
    found = _cached_functions()
    unknown = {f for f in found if f not in listed and f.split(":")[0] not in wildcards}
    assert unknown == set(), f"per-process caches without a reason in PROCESS_CACHES: {unknown}"
    assert listed <= found, f"listed but gone: {listed - found}"
