"""The site works from the keyboard alone (Chromium).

- The first Tab from page load reaches the "Skip to content" link, and using it moves the
  reader to the content: the next Tab lands inside the article, not in the menus.
- Search opens with the keyboard ("/" is Material's shortcut), finds "phases", and the
  arrow keys and Enter open a result: the What is IPT page.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName, text: (el.innerText || el.value || '').trim(), href: el.getAttribute('href'),
                cls: el.className, inArticle: !!el.closest('article'), inHeaderOrNav: !!el.closest('header, nav')};
    }""")


def test_first_tab_is_the_skip_link_and_it_reaches_the_content(server, page) -> None:
    page.goto(server.url("what-is-ipt/"))
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["text"] == "Skip to content", f"the first Tab reaches {first}, not the 'Skip to content' link"
    # Material fades the skip link in (a short transition): wait for it rather than race it.
    visible = "() => { const el = document.querySelector('a.md-skip');" \
              " return getComputedStyle(el).opacity === '1' && el.offsetWidth > 0; }"
    try:
        page.wait_for_function(visible, timeout=2000)
    except Exception:
        raise AssertionError("the skip link is not visible when it has focus") from None
    target = first["href"]
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=target)
    top = page.evaluate("h => document.getElementById(decodeURIComponent(h.slice(1))).getBoundingClientRect().top",
                        target)
    assert 0 <= top < 300, f"after the skip link, the content heading is {top:.0f} px from the top of the window"
    page.keyboard.press("Tab")
    after = _focused(page)
    assert after["inArticle"] and not after["inHeaderOrNav"], \
        f"after 'Skip to content', the next Tab goes to {after}, not into the page's content"


def test_search_opens_from_the_keyboard_and_opens_a_result(server, page) -> None:
    page.goto(server.url(""))
    page.keyboard.press("/")
    field = page.locator("input.md-search__input")
    assert field.evaluate("el => el === document.activeElement"), "pressing '/' did not put focus in the search field"
    page.keyboard.type("phases")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10000)
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "what-is-ipt/" in href:
            break
    else:
        pytest.fail("the arrow keys never reached a result for the What is IPT page; results: "
                    + " | ".join(results.all_inner_texts())[:300])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/what-is-ipt/"), timeout=5000)
