"""The shape of the code: no import cycles, no hidden imports without a reason, small modules,
and the environment read in one place (bot/config.py). Pure `ast`, so it runs in a second."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAKKETTEN = ("bot", "web", "actions")
MAX_REGELS = 400


def modules() -> dict[str, Path]:
    """Every project module by its dotted name; a package by its own name (its __init__.py)."""
    gevonden = {}
    for pakket in PAKKETTEN:
        for path in sorted((ROOT / pakket).rglob("*.py")):
            delen = list(path.relative_to(ROOT).with_suffix("").parts)
            if delen[-1] == "__init__":
                delen.pop()
            gevonden[".".join(delen)] = path
    return gevonden


def _doelen(node: ast.AST, bron: str, alle: dict[str, Path]) -> list[str]:
    """The project modules an import statement loads (a `from pkg import module` loads module)."""
    if isinstance(node, ast.Import):
        namen = [alias.name for alias in node.names]
    else:
        basis = node.module or ""
        if node.level:  # relative: from the package of `bron`
            pakket = bron.split(".")
            pakket = pakket[
                : len(pakket) - node.level + (1 if alle[bron].stem == "__init__" else 0)
            ]
            basis = ".".join([*pakket, basis] if basis else pakket)
        namen = [f"{basis}.{alias.name}" for alias in node.names] + [basis]
    doelen = []
    for naam in namen:
        while naam and naam not in alle:
            naam = naam.rpartition(".")[0]
        if naam and naam != bron:
            doelen.append(naam)
    return doelen


def _ouders(naam: str) -> list[str]:
    delen = naam.split(".")
    return [".".join(delen[:i]) for i in range(1, len(delen))]


def import_graaf() -> dict[str, set[str]]:
    """Who loads whom, also through function-level imports and the packages' __init__.py."""
    alle = modules()
    graaf: dict[str, set[str]] = {naam: set() for naam in alle}
    for naam, path in alle.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for doel in _doelen(node, naam, alle):
                    eigen = set(_ouders(naam)) | {naam}
                    graaf[naam] |= {d for d in [doel, *_ouders(doel)] if d in alle} - eigen
    return graaf


def cycli(graaf: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once (Tarjan's strongly connected components, then one path)."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    groepen: list[list[str]] = []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in sorted(graaf[v]):
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            groep = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                groep.append(w)
                if w == v:
                    break
            if len(groep) > 1:
                groepen.append(sorted(groep))

    for v in sorted(graaf):
        if v not in index:
            bezoek(v)
    return groepen


def test_cycle_finder_reports_a_cycle():
    graaf = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycli(graaf) == [["a", "b", "c"]]


def test_no_import_cycle_between_project_modules():
    gevonden = cycli(import_graaf())
    assert not gevonden, (
        "Import cycles (break them; see README 'Where things live'):\n"
        + "\n".join(" <-> ".join(groep) for groep in gevonden)
    )


def test_project_imports_inside_functions_say_why():
    """A project import inside a function hides a dependency; it needs a one-line # reason."""
    alle = modules()
    zonder_reden = []
    for naam, path in alle.items():
        regels = path.read_text(encoding="utf-8").splitlines()
        boom = ast.parse("\n".join(regels))
        for functie in ast.walk(boom):
            if not isinstance(functie, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(functie):
                if isinstance(node, ast.Import | ast.ImportFrom) and _doelen(node, naam, alle):
                    hier, ervoor = regels[node.lineno - 1], regels[node.lineno - 2]
                    if "#" not in hier and not ervoor.strip().startswith("#"):
                        zonder_reden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not zonder_reden, "Move these imports to the top, or say why in a comment: " + ", ".join(
        zonder_reden
    )


def test_no_project_module_is_over_400_lines():
    te_lang = {
        str(path.relative_to(ROOT)): n
        for path in modules().values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_REGELS
    }
    assert not te_lang, f"Split these modules along their concerns: {te_lang}"


def test_only_bot_config_reads_the_environment():
    leest = re.compile(r"\bos\.environ\b|\bos\.getenv\b|\bgetenv\(|from os import .*environ")
    buiten_config = [
        str(path.relative_to(ROOT))
        for path in modules().values()
        if path != ROOT / "bot" / "config.py" and leest.search(path.read_text(encoding="utf-8"))
    ]
    assert not buiten_config, f"Read settings through bot/config.py, not here: {buiten_config}"


def readme_tabel() -> dict[str, set[str]]:
    """The "Where things live" table of the README: folder -> the folders it may import."""
    tekst = (ROOT / "README.md").read_text(encoding="utf-8")
    sectie = tekst.split("### Where things live", 1)[1].split("\n#", 1)[0]
    tabel = {}
    for regel in sectie.splitlines():
        cellen = [c.strip() for c in regel.strip().strip("|").split("|")]
        if len(cellen) == 3 and re.fullmatch(r"`[\w/]+/`", cellen[0]):
            tabel[cellen[0].strip("`")] = set(re.findall(r"`([\w/]+/)`", cellen[2]))
    return tabel


def map_van(module: str) -> str:
    """The folder of a module as the README names it: bot/taal/, bot/ (top level), web/."""
    delen = module.split(".")
    if len(delen) > 1 and (ROOT / delen[0] / delen[1]).is_dir():
        return f"{delen[0]}/{delen[1]}/"
    return f"{delen[0]}/"


def test_readme_table_lists_exactly_the_folders_of_bot_web_and_actions():
    mappen = {f"{pakket}/" for pakket in PAKKETTEN}
    mappen |= {
        f"{path.relative_to(ROOT)}/"
        for pakket in PAKKETTEN
        for path in (ROOT / pakket).iterdir()
        if path.is_dir() and path.name != "__pycache__"
    }
    assert set(readme_tabel()) == mappen


def test_every_import_goes_the_way_the_readme_table_allows():
    tabel = readme_tabel()
    verboden = sorted(
        f"{bron} -> {doel}"
        for bron, doelen in import_graaf().items()
        for doel in doelen
        if map_van(doel) != map_van(bron) and map_van(doel) not in tabel[map_van(bron)]
    )
    assert not verboden, "Not allowed by README 'Where things live': " + ", ".join(verboden)
