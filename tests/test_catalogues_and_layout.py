"""House rules that hold the code to the style guide: catalogues in step, thin pages, one door to SQL."""

import ast
import re
from pathlib import Path

from dashboard import settings
from dashboard.i18n import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "pages").glob("*.py"))
PLACEHOLDER = re.compile(r"{(\w+)}")


def test_catalogues_have_the_same_keys_and_placeholders():
    th, en = catalogue("th"), catalogue("en")
    assert th.keys() == en.keys()
    for key in th:
        assert set(PLACEHOLDER.findall(th[key])) == set(PLACEHOLDER.findall(en[key])), key
        assert th[key].strip() and en[key].strip(), key


def test_thai_catalogue_is_in_thai():
    thai_letters = re.compile(r"[\u0e01-\u0e4f]")
    assert sum(bool(thai_letters.search(v)) for v in catalogue("th").values()) >= 0.9 * len(catalogue("th"))


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_pages_have_no_user_facing_literals():
    keys = set(catalogue("th"))
    for page in PAGES:
        for text in _string_literals(page):
            assert text in keys or re.fullmatch(r"[\w.\-/ ,:;()]*", text) and not re.search(r"[\u0e00-\u0e7f]", text), (
                f"{page.name}: literal {text!r} looks user-facing; put it in the catalogues")


def test_pages_are_thin_and_do_no_sql_or_figures():
    for page in PAGES:
        source = page.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 150, page.name
        assert "duckdb" not in source and not re.search(r"\bSELECT\b", source), page.name
        assert not re.search(r"\b(px|go)\.[A-Za-z_]+\(", source), page.name


def test_only_the_db_layer_and_writers_import_duckdb():
    allowed = {"db", "demo"}
    for path in (ROOT / "dashboard").rglob("*.py"):
        if "import duckdb" in path.read_text(encoding="utf-8"):
            assert path.relative_to(ROOT / "dashboard").parts[0] in allowed, path


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in settings.SETTINGS.values():
        assert setting.env_var in readme, setting.env_var
        assert setting.help


def test_languages_are_thai_then_english():
    assert LANGUAGES == ("th", "en")
