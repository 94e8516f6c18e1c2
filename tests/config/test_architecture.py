"""The architecture's rules that a machine can check: the one-way order of the apps
(import-linter, run by ``make test``), test modules that never import one another, and
no dependency left that nothing uses."""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORDER = ["units", "notifications", "awards", "campaigns", "nominations", "clusters", "reports"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lint(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layers_contract_is_the_documented_order():
    linter = _pyproject()["tool"]["importlinter"]
    assert sorted(linter["root_packages"]) == sorted(ORDER)  # config is left out
    (contract,) = [c for c in linter["contracts"] if c["type"] == "layers"]
    assert contract["layers"] == list(reversed(ORDER))  # import-linter: highest first
    architecture = (ROOT.parent / "shared" / "design" / "ARCHITECTURE.md").resolve()
    if architecture.exists():  # the design notes sit beside the checkout in development
        assert " → ".join(f"`{app}`" for app in ORDER) in architecture.read_text()


def test_make_test_runs_the_contract_as_its_own_step():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    steps = [line for line in makefile.splitlines() if "$(call step,[" in line]
    total = len(steps)
    assert [line.split("[")[1].split("]")[0] for line in steps] == [
        f"{n}/{total}" for n in range(1, total + 1)
    ]
    at = next(i for i, line in enumerate(steps) if "import-linter" in line)
    assert "$(VENV)/bin/lint-imports" in makefile.split(steps[at])[1].split("$(call step")[0]


def test_the_current_code_keeps_the_order():
    result = _lint(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "One-way app order KEPT" in result.stdout


def test_an_earlier_app_importing_a_later_one_breaks_the_contract(tmp_path):
    """The same contract on a copy of two apps' skeletons in which units imports
    reports: import-linter refuses it, naming the import."""
    for app in ORDER:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "reports" / "jobs.py").write_text("JOB = 1\n")
    (tmp_path / "units" / "views").mkdir()
    (tmp_path / "units" / "views" / "__init__.py").write_text("")
    (tmp_path / "units" / "views" / "organisation.py").write_text("")  # the forbidden one
    (tmp_path / "units" / "views" / "pages.py").write_text("from reports.jobs import JOB\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = _lint(tmp_path, tmp_path / "pyproject.toml")
    assert result.returncode == 1
    assert "One-way app order BROKEN" in result.stdout
    assert "units.views.pages -> reports.jobs" in result.stdout


def test_no_later_app_reaches_into_the_units_pages_module(tmp_path):
    """The shared view helpers come from units.views.helpers: a later app importing the
    units' pages module breaks the second contract."""
    for app in ORDER:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "units" / "views").mkdir()
    (tmp_path / "units" / "views" / "__init__.py").write_text("")
    (tmp_path / "units" / "views" / "organisation.py").write_text("def require_perm(): ...\n")
    (tmp_path / "awards" / "views.py").write_text(
        "from units.views.organisation import require_perm\n"
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = _lint(tmp_path, tmp_path / "pyproject.toml")
    assert result.returncode == 1
    assert "One-way app order KEPT" in result.stdout
    assert "units.views.helpers BROKEN" in result.stdout


# The route registry reads the permission matrix each view test module declares: data
# about what those modules test, not a helper they share (SECURITY-TESTS.md B1).
READS_THE_MATRICES = {"tests/units/test_routes.py"}


def _test_module_imports() -> list[str]:
    """``from tests.x.test_y import …`` in any test file: a test module importing another."""
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if str(path.relative_to(ROOT)) in READS_THE_MATRICES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(name.split(".")[-1].startswith("test_") for name in names):
                found.append(f"{path.relative_to(ROOT)}: {names[0]}")
    return found


def test_test_modules_do_not_import_each_other():
    """Shared builders live in tests/factories and tests/utils, fixtures in conftest.py."""
    assert _test_module_imports() == []


@pytest.mark.parametrize("package", ["django-htmx", "polib"])
def test_unused_dependencies_are_gone(package):
    project = _pyproject()
    declared = project["project"]["dependencies"] + project["dependency-groups"]["dev"]
    assert not [d for d in declared if d.split("==")[0].split("[")[0] == package]
    assert f'name = "{package}"' not in (ROOT / "uv.lock").read_text(encoding="utf-8")


# Issue 9 point 28: a module over this many lines is split along its seams.
MAX_MODULE_LINES = 500
APPLICATION_PACKAGES = (*ORDER, "config")


def _long_modules(root: Path, limit: int = MAX_MODULE_LINES) -> list[str]:
    """``path (lines)`` of each Python module of the application packages over ``limit``
    lines, migrations and tests left out."""
    found = []
    for package in APPLICATION_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "migrations" in parts or "tests" in parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found.append(f"{path.relative_to(root)} ({lines})")
    return found


def test_the_module_scan_finds_a_long_module(tmp_path):
    (tmp_path / "awards" / "migrations").mkdir(parents=True)
    (tmp_path / "awards" / "views.py").write_text("x = 1\n" * 501)
    (tmp_path / "awards" / "models.py").write_text("x = 1\n" * 500)
    (tmp_path / "awards" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 900)
    assert _long_modules(tmp_path) == ["awards/views.py (501)"]


def test_no_module_exceeds_the_limit():
    offenders = _long_modules(ROOT)
    assert offenders == [], f"Modules over {MAX_MODULE_LINES} lines: " + ", ".join(offenders)


def test_benchmark_commands_share_the_measuring_helper():
    """Issue 13: every ``benchmark_*`` command measures with ``units.benchmarking`` (one
    true percentile, seeded draws) and keeps no percentile of its own."""
    commands = sorted(ROOT.glob("*/management/commands/benchmark_*.py"))
    assert len(commands) >= 7
    offenders = []
    for path in commands:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        defined = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        name = str(path.relative_to(ROOT))
        if defined & {"percentile", "_percentile"}:
            offenders.append(f"{name}: defines a percentile")
        if "quantiles" in source:
            offenders.append(f"{name}: statistics.quantiles")
        if "units.benchmarking" not in imported:
            offenders.append(f"{name}: does not import units.benchmarking")
        if "add_seed_argument(" not in source:
            offenders.append(f"{name}: no --seed")
    assert offenders == []
