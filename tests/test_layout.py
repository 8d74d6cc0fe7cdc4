"""The test suite's layout, as CONTRIBUTING.md tells a newcomer to find it:

- every factory lives in tests/factories.py;
- a conftest.py holds fixtures (and pytest's hooks) only, and no module imports from one:
  plain helpers live in tests/<app>/helpers.py, the ones several apps share in
  tests/support.py.

Each module is read with ast, never imported, so a broken module still gets its say."""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FACTORIES = TESTS / "factories.py"


def modules():
    return sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)


def _name(node):
    """The dotted name an expression spells (`factory.django.DjangoModelFactory`), or ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def conftest_imports(source):
    """The lines that import from a conftest module, absolute or relative."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if not node.module:  # from . import conftest
                names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(name.split(".")[-1] == "conftest" for name in names):
            found.append(node.lineno)
    return found


def factory_classes(source):
    """The classes that subclass a factory (DjangoModelFactory, PageFactory, UserFactory…)."""
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef) and any(_name(base).endswith("Factory") for base in node.bases)
    ]


def _is_fixture(function):
    return any(
        _name(decorator.func if isinstance(decorator, ast.Call) else decorator) in {"pytest.fixture", "fixture"}
        for decorator in function.decorator_list
    )


def conftest_helpers(source):
    """What a conftest defines besides fixtures, hooks and private names: a helper, which
    belongs in the app's helpers module."""
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        if isinstance(node, ast.ClassDef) or not (_is_fixture(node) or node.name.startswith("pytest_")):
            found.append(node.name)
    return found


def _where(path, lines):
    return [f"{path.relative_to(TESTS.parent)}:{line}" for line in lines]


def test_no_module_imports_from_a_conftest():
    offenders = [where for path in modules() for where in _where(path, conftest_imports(path.read_text()))]
    assert offenders == [], "import helpers from tests/<app>/helpers.py or tests/support.py instead"


def test_every_factory_lives_in_tests_factories():
    offenders = {
        str(path.relative_to(TESTS.parent)): names
        for path in modules()
        if path != FACTORIES and (names := factory_classes(path.read_text()))
    }
    assert offenders == {}, "move these factories into tests/factories.py"


def test_conftests_hold_fixtures_only():
    offenders = {
        str(path.relative_to(TESTS.parent)): names
        for path in modules()
        if path.name == "conftest.py" and (names := conftest_helpers(path.read_text()))
    }
    assert offenders == {}, "move these helpers into the app's helpers.py (or tests/support.py)"


def test_the_one_home_for_factories_holds_them():
    assert {"UserFactory", "NominationFactory", "JudgeProfileFactory", "RoundFactory"} <= set(
        factory_classes(FACTORIES.read_text())
    )


# The checks themselves: each catches what it is for, and lets the allowed forms pass.


@pytest.mark.parametrize(
    "source",
    [
        "from tests.judging.conftest import assign",
        "import tests.nominations.conftest",
        "from .conftest import url",
        "from . import conftest",
        "def f():\n    from conftest import PATHS\n",
    ],
)
def test_an_import_from_a_conftest_is_caught(source):
    assert conftest_imports(source) != []


def test_imports_from_helpers_pass():
    source = "from tests.judging.helpers import assign\nfrom tests.support import with_role\nimport tests"
    assert conftest_imports(source) == []


@pytest.mark.parametrize(
    "base", ["factory.django.DjangoModelFactory", "DjangoModelFactory", "wagtail_factories.PageFactory", "UserFactory"]
)
def test_a_factory_defined_elsewhere_is_caught(base):
    assert factory_classes(f"class PanelFactory({base}):\n    pass\n") == ["PanelFactory"]


def test_other_classes_are_not_factories():
    assert factory_classes("class World:\n    pass\nclass Clock(object):\n    pass\n") == []


def test_a_helper_in_a_conftest_is_caught():
    source = (
        "import pytest\nPATHS = {}\n\n"
        "def with_role(role, email):\n    pass\n\n"
        "class Clock:\n    pass\n\n"
        "def _private():\n    pass\n\n"
        "def pytest_configure(config):\n    pass\n\n"
        "@pytest.fixture\ndef screener(db):\n    pass\n\n"
        "@pytest.fixture(scope='module')\ndef world(db):\n    pass\n"
    )
    assert conftest_helpers(source) == ["with_role", "Clock"]
