"""The way through the house (issue 21, `dashboard/views/__init__.py`): pages ask views, views ask domain modules,
nothing below the views knows Streamlit. Each test reads the source's imports, so a shortcut fails here."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"
PAGE_IMPORTS = ("dashboard.ui", "dashboard.views")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Returns (line, module) for every import of a file, at any depth (a function-local import counts too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _outside_rule(module: str, allowed: tuple[str, ...]) -> bool:
    top = module.split(".")[0]
    return not (top in sys.stdlib_module_names or top == "streamlit" or _within(module, allowed))


def test_pages_import_only_the_ui_the_views_the_standard_library_and_streamlit():
    wrong = [f"{page.name}:{line} imports {module}" for page in sorted((ROOT / "pages").glob("*.py"))
             for line, module in imported_modules(page) if _outside_rule(module, PAGE_IMPORTS)]
    assert wrong == []


def test_the_rule_catches_a_page_that_asks_a_domain_module(tmp_path):
    page = tmp_path / "shortcut.py"
    page.write_text("import streamlit as st\nfrom dashboard.coverage import coverage_by_area\n"
                    "def f():\n    from dashboard.ui.data import cached\n    import pandas as pd\n", encoding="utf-8")
    assert [m for _, m in imported_modules(page) if _outside_rule(m, PAGE_IMPORTS)] == ["dashboard.coverage", "pandas"]


def test_nothing_below_the_ui_knows_streamlit_or_the_ui():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "ui":
            continue
        wrong += [f"{path.relative_to(ROOT)}:{line} imports {module}" for line, module in imported_modules(path)
                  if module.split(".")[0] == "streamlit" or _within(module, ("dashboard.ui",))]
    assert wrong == []


def test_domain_modules_and_the_briefing_do_not_ask_the_views_except_for_shared_shapes():
    # The briefing draws the Coverage page's country map and opens with the pages' caption words: it may use the
    # views. The domain modules (coverage, mentors, seminars, kpis, findings, ...) may not.
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        part = path.relative_to(PACKAGE).parts[0]
        if part in ("ui", "views", "briefing"):
            continue
        wrong += [f"{path.relative_to(ROOT)}:{line} imports {module}" for line, module in imported_modules(path)
                  if _within(module, ("dashboard.views",))]
    assert wrong == []


def test_the_filter_types_live_with_the_scope_not_the_kpis():
    import dashboard.scope as scope

    assert scope.Filters.__module__ == scope.Period.__module__ == "dashboard.scope"
    wrong = []
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "dashboard.kpis":
                wrong += [f"{path.name}:{node.lineno}" for a in node.names if a.name in ("Filters", "Period")]
    assert wrong == []
