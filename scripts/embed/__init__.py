"""The embed kit: what other sites use to show our pages, one module per output.

Every file is static and written into the built site by scripts/hooks/embed_api.py (a thin
hook: it collects the reader pages and calls these modules), so any CDN can serve it.

| output in the built site                 | made by                  | from                         |
|------------------------------------------|--------------------------|------------------------------|
| `api/v1/<topic>.json`, `api/v1/index.json` | `api_document.py`      | the page; `sections.py`      |
| a section's `html` and `text`            | `sections.py`, cleaned by `sanitize.py` (nh3) | the page's HTML |
| `embed/v1/<topic>.html` (iframe pages)   | `iframe_page.py`         | `iframe.html`, `iframe.css`, `iframe.js` |
| `api/v1/oembed/<topic>.json` (oEmbed)    | `oembed.py`              | the API document             |
| `embed/v1/card/<topic>.html` (oEmbed card) | `card_page.py`         | `card.html`, `card.css`, `card.js` |
| `embed/v1/ipt-embed.js`, `manifest.json` | `script.py`              | `ipt-embed.js`               |
| the placeholders of docs/embed.md        | `embed_page.py`          | the built script, the pages  |

`kit.py` holds what they share: the version and folders, topic ids, interface words, dates,
deterministic JSON, the templates and the file writer. The other files in this folder are the
kit's sources, published as they are (`ipt-embed.js`, `*.css`, `*.js`) or as templates (`*.html`).
"""
