from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# No timing thresholds in tests, Hypothesis's per-example deadline included: the machines are shared
# and noisy. A test's own @settings still sets its examples; this only drops the 200 ms default.
settings.register_profile("claimreview", deadline=None)
settings.load_profile("claimreview")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = EXAMPLES / "north-korea-troops.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files; review the diff like code")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def demo_outputs() -> list[tuple[str, str, tuple[str, ...]]]:
    spec = importlib.util.spec_from_file_location("claimreview_demo", ROOT / "tools" / "demo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.OUTPUTS)


@pytest.fixture(scope="session")
def seed_document() -> Any:
    from claimreview import load

    loaded = load(SEED)
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    return loaded.document
