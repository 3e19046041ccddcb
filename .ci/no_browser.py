"""pytest plugin for the fast CI job: leave out every test that needs Chromium.

`-m "not browser"` leaves out the tests marked `browser`, but some other tests also open
pages in Chromium through the `browser` or `page` fixture. This plugin deselects every test
whose fixtures include `browser`, marked or not, so the fast job needs no browser at all.
The full job (`make test`) runs them all.

    PYTHONPATH=.ci .venv/bin/python -m pytest -p no_browser
"""
from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, drop = [], []
    for item in items:
        needs = item.get_closest_marker("browser") or "browser" in getattr(item, "fixturenames", ())
        (drop if needs else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
