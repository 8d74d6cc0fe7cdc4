"""The test suite's layout, as CONTRIBUTING.md tells a newcomer to find it:

- a test module is named after what it tests (no test_misc, test_more, test_fixes, test_2…);
- every factory lives in tests/factories.py;
- besides test modules, a test folder holds its conftest.py and its helpers (helpers.py, or
  a helpers/ package with a module per subject), and nothing else but the few named below;
- a conftest.py holds fixtures (and pytest's hooks) only, and no module imports from one,
  nor from a test module: plain helpers live in tests/<app>/helpers.py, the ones several
  apps share in tests/support.py.

Each module is read with ast, never imported, so a broken module still gets its say."""

import ast
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FACTORIES = TESTS / "factories.py"
# Names that say nothing of what a module tests.
VAGUE = re.compile(
    r"""^test_(misc|more|extra|other|others|new|part|stuff|tmp|temp)?$  # a vague word alone
    | ^test_\w*_?\d+$  # numbered: test_part2, test_views_2
    | (^|_)(fixes|misc|stuff)(_|$)  # a word that never says what""",
    re.VERBOSE,
)


def modules():
    return sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)


def _name(node):
    """The dotted name an expression spells (`factory.django.DjangoModelFactory`), or ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def conftest_imports(source, is_wrong=lambda module: module == "conftest"):
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
        if any(is_wrong(name.split(".")[-1]) for name in names):
            found.append(node.lineno)
    return found


def imports_of_test_modules(source):
    """The lines that import from a test module (its helpers belong in a helpers module)."""
    return conftest_imports(source, is_wrong=lambda module: module.startswith("test_"))


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


# Modules in the test folders that are neither tests, fixtures nor helpers, each with its reason.
NAMED_ELSEWHERE = {
    "factories.py": "every factory",
    "support.py": "the helpers several apps share",
    "awards_site/error_urls.py": "a URLconf that test_error_pages installs (pytest.mark.urls)",
    "deploy/signing_storage.py": "a storage backend that test_private_files names in STORAGES",
    "judging/access_matrix_rows.py": "the access matrix's rows for judging's URLs, a table of data",
}


def misplaced(relative_paths):
    """The non-test modules outside the places a newcomer looks for them."""
    allowed = {"__init__.py", "conftest.py", "helpers.py"}
    return [
        path
        for path in relative_paths
        if Path(path).name not in allowed
        and not Path(path).name.startswith("test_")
        and "helpers" not in Path(path).parts[:-1]
        and path not in NAMED_ELSEWHERE
    ]


def test_helpers_live_in_the_helpers_modules():
    relative = [path.relative_to(TESTS).as_posix() for path in modules()]
    assert misplaced(relative) == [], "move these into the app's helpers (or name them in NAMED_ELSEWHERE, why)"


def test_a_helper_module_elsewhere_is_caught():
    paths = ["nominations/winners_support.py", "e2e/totp.py", "office/helpers/dashboard.py", "judging/helpers.py"]
    assert misplaced([*paths, "email_support.py", "support.py", "nominations/test_pages.py"]) == [
        "nominations/winners_support.py",
        "e2e/totp.py",
        "email_support.py",
    ]


def vague_names(names):
    return [name for name in names if VAGUE.search(name)]


def test_test_modules_say_what_they_test():
    assert vague_names(path.stem for path in modules() if path.stem.startswith("test_")) == []


def test_no_module_imports_from_a_conftest():
    offenders = [where for path in modules() for where in _where(path, conftest_imports(path.read_text()))]
    assert offenders == [], "import helpers from tests/<app>/helpers.py or tests/support.py instead"


def test_no_module_imports_from_a_test_module():
    offenders = [where for path in modules() for where in _where(path, imports_of_test_modules(path.read_text()))]
    assert offenders == [], "move what is shared into tests/<app>/helpers.py or tests/support.py"


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


@pytest.mark.parametrize(
    "source",
    ["from tests.nominations.test_nominator_views import NOMINEE", "from .test_access_matrix import all_urls"],
)
def test_an_import_from_a_test_module_is_caught(source):
    assert imports_of_test_modules(source) != []


def test_imports_from_helpers_pass():
    source = "from tests.judging.helpers import assign\nfrom tests.support import with_role\nimport tests"
    assert conftest_imports(source) == []
    assert imports_of_test_modules(source) == []


@pytest.mark.parametrize(
    "base", ["factory.django.DjangoModelFactory", "DjangoModelFactory", "wagtail_factories.PageFactory", "UserFactory"]
)
def test_a_factory_defined_elsewhere_is_caught(base):
    assert factory_classes(f"class PanelFactory({base}):\n    pass\n") == ["PanelFactory"]


def test_other_classes_are_not_factories():
    assert factory_classes("class World:\n    pass\nclass Clock(object):\n    pass\n") == []


def test_a_vague_module_name_is_caught():
    vague = [
        "test_misc",
        "test_more",
        "test_extra",
        "test_part2",
        "test_judge_fixes",
        "test_views_2",
        "test_misc_views",
    ]
    fine = ["test_kendall", "test_results_page", "test_extra_questions", "test_new_materials", "test_sign_off"]
    assert vague_names(vague + fine) == vague


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
