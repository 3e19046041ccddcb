"""House rules for the Markdown an editor writes, checked before the page is built.

Each rule protects readers from a mistake that the build would otherwise let through:

- no raw `<script>` and no inline event handler (`onclick=` …) in Markdown: pages must
  work under the site's Content-Security-Policy and stay plain content;
- no `http://` links: every link is `https://`;
- every image has alt text (`![what it shows](x.png)`, `<img alt="…">`);
- every link has text (`[](page.md)` or `<a href="…"></a>` is announced by a screen reader
  as just "link", and shows nothing to click);
- no sentence presenting dynamic interpersonal therapy (DIT) or metacognitive therapy (MCT)
  as a type of IPT: they are separate therapies (see the Types of IPT page);
- no "55%" success figure, and no "about half or more improve": no checked source gives
  either (content review 2026-12, M1);
- a section whose heading names medication, medicine or an antidepressant says not to stop
  or change it without a doctor (content review 2026-12, M5: "Should I take medication
  instead?" said that IPT and medication work about as well, and nothing more);
- safe messaging: never "commit(ted) suicide", "cometer/cometió suicidio" or "suicidio
  consumado"; say "died by suicide", "murió por suicidio".

The rules read English and Spanish ("tipos de TIP", "55 por ciento").

Fenced code and inline code are skipped, so a page may show these things as examples.
Every problem on every page is logged as a WARNING with `docs/<file>:<line>` and what to
do, so `mkdocs build --strict` fails after listing all of them at once.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

import sys  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.project import shown_path  # noqa: E402
from scripts.content_cache import remember  # noqa: E402

RULES_CODE = (__file__,)

log = logging.getLogger("mkdocs.hooks.content_rules")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<\s*script\b", re.I)
_TAG = re.compile(r"<[A-Za-z][\w:-]*\b[^<>]*>", re.S)
_EVENT_HANDLER = re.compile(r"\s(on[a-z]+)\s*=", re.I)
_HTTP = re.compile(r"http://[^\s)\"'<>\]]*", re.I)
_XMLNS = re.compile(r"xmlns(?::\w+)?\s*=\s*[\"']http://", re.I)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)")
_EMPTY_MD_LINK = re.compile(r"(?<!!)\[\s*\]\(\s*<?([^)\s>]*)")
_EMPTY_A_TAG = re.compile(r"<a\b([^>]*)>\s*</a\s*>", re.I | re.S)
_HREF = re.compile(r"\bhref\s*=\s*[\"']?([^\"'\s>]*)", re.I)
_ARIA_LABEL = re.compile(r"\baria-label(ledby)?\s*=\s*[\"']?[^\s\"'>]", re.I)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I | re.S)
_ALT = re.compile(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
_DECORATIVE = re.compile(r"\b(role\s*=\s*[\"']?(presentation|none)|aria-hidden\s*=\s*[\"']?true)", re.I)
_FIFTY_FIVE = re.compile(r"\b(55|fifty[\s-]five|cincuenta\s+y\s+cinco)\s*(%|&#37;|per\s*cent\b|percent\b|por\s*ciento\b)", re.I)
# "About half or more of people improve" (an unchecked suggestion in the fact base, not a finding).
# A share of *people*: "symptoms fell by half or more" (a trial's own measure of response) is fine.
_HALF_OR_MORE = re.compile(
    r"\bhalf\s+or\s+more\s+of\s+(?:the\s+)?(?:people|patients|those|them|us)\b"
    r"|\bla\s+mitad\s+de\s+(?:las\s+)?(?:personas|pacientes|quienes|ellas|ellos)\b[^.!?]{0,40}?,?\s+o\s+más\b",
    re.I)
# A heading about medication, and the advice its section must give (English or Spanish).
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MEDICATION = re.compile(r"\b(medications?|medicines?|antidepressants?|medicamentos?|antidepresivos?)\b", re.I)
_DO_NOT_STOP = re.compile(
    r"\b(do\s+not|don't|never)\s+stop\b[^.!?]{0,100}?\b(doctor|midwife|GP|on\s+your\s+own)\b"
    r"|\bno\s+(?:l[oa]s?\s+)?deje\b[^.!?]{0,100}?\b(médic[oa]|matrona|por\s+su\s+cuenta)\b", re.I)
# Safe messaging (WHO; in Spanish, CONASAMA and Fundéu): "died by suicide", "murió por suicidio".
_COMMIT_SUICIDE = re.compile(
    r"\bcommit(s|ted|ting)?\s+suicide\b|\bcomet(er|e|en|ió|io|ieron|ido|iendo|a|an)\s+(el\s+)?suicidio\b"
    r"|\bsuicidio\s+consumado\b", re.I)

# A sentence that names DIT or MCT ...
_DIT_MCT = re.compile(r"\b(dynamic|metacognitive|meta-cognitive|DIT|MCT|din[aá]mica|metacognitiva)\b", re.I)
# ... and presents them as kinds of IPT ...
_TYPE_CLAIM = re.compile(
    r"\b(types?|kinds?|forms?|versions?|variants?|branch(es)?|flavou?rs?|schools?)\s+of\s+"
    r"(IPT|interpersonal\s+(psycho)?therapy)\b"
    r"|\b(IPT|interpersonal\s+(psycho)?therapy)\s+(has|comes\s+in|is\s+divided\s+into|includes?|splits\s+into)"
    r"\s+(two|2)\b"
    r"|\b(dynamic|metacognitive|meta-cognitive)\s+IPT\b"
    # Spanish: "tipos de TIP", "formas de la psicoterapia interpersonal", "TIP dinámica"
    r"|\b(tipos?|clases?|formas?|versiones?|variantes?|ramas?|modalidades?)\s+de\s+(la\s+)?"
    r"(TIP|IPT|(psico)?terapia\s+interpersonal)\b"
    r"|\b(TIP|IPT)\s+(din[aá]mica|metacognitiva)\b",
    re.I,
)
# ... without saying that this is wrong (the Types page debunks the claim in these words).
_NEGATION = re.compile(
    r"\b(not|no|neither|nor|never|isn't|aren't|wasn't|weren't|doesn't|don't|claims?|claimed|"
    r"myths?|wrong(ly)?|mistaken(ly)?|mix-?up|confuse[ds]?|confusion|false|incorrect(ly)?|"
    r"separate|different|distinct|unrelated|"
    r"ni|nunca|tampoco|distint[ao]s?|diferentes?|separad[ao]s?|otras?|mitos?|err[oó]neo|error|"
    r"falso|confund\w*|confusi[oó]n)\b|n't\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _blank(match: re.Match[str]) -> str:
    """Replace a match with spaces, keeping its newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_code(markdown: str) -> str:
    """The Markdown with fenced code, inline code and HTML comments blanked out."""
    lines = markdown.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        marker = _FENCE.match(line)
        if marker and (fence is None or line.strip().startswith(fence)):
            fence = marker.group(1)[0] * 3 if fence is None else None
            lines[i] = ""
        elif fence is not None:
            lines[i] = ""
    text = "\n".join(lines)
    text = _HTML_COMMENT.sub(_blank, text)
    return _INLINE_CODE.sub(_blank, text)


def _strip_front_matter(markdown: str) -> str:
    """Blank the YAML front matter (its lines are kept so numbering matches the file)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---", 4)
        if end != -1:
            head = markdown[: end + 4]
            return re.sub(r"[^\n]", " ", head) + markdown[end + 4:]
    return markdown


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _sentences(text: str) -> list[tuple[int, str]]:
    """(line, sentence) for every sentence, headings and list items counted on their own."""
    out: list[tuple[int, str]] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        start = block[0][0]
        joined = " ".join(t.strip() for _, t in block)
        offset_lines = [start]  # a sentence is reported at its block's first line, refined below
        for sentence in _SENTENCE_END.split(joined):
            if sentence.strip():
                first_words = sentence.strip()[:40]
                line = next((n for n, t in block if first_words[:20] in t), offset_lines[0])
                out.append((line, sentence.strip()))
        block.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            flush()
            continue
        if re.match(r"\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|\||!!!|\?\?\?|>)", raw):
            flush()
        block.append((number, raw))
    flush()
    return out


def _empty_link(target: str) -> str:
    return (f"the link to '{target}' has no text, so readers see nothing to click and screen readers "
            "say only \"link\": write the words to click between the brackets, e.g. "
            "[how IPT works](what-is-ipt.md).")


def _medication_sections(text: str) -> list[Problem]:
    """Each section about medication that does not say: do not stop it without your doctor.

    The section runs from a heading naming medication (medicine, antidepressant; in Spanish
    medicamento, antidepresivo) to the next heading of the same or a higher level.
    """
    lines = text.split("\n")
    heads = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    problems = []
    for n, (start, level, title) in enumerate(heads):
        if not _MEDICATION.search(title):
            continue
        end = next((i for i, lvl, _ in heads[n + 1:] if lvl <= level), len(lines))
        if not _DO_NOT_STOP.search(" ".join(" ".join(lines[start + 1:end]).split())):
            title = re.sub(r"\s*\{[^}]*\}\s*$", "", title)
            problems.append(Problem(start + 1,
                                    f"the section \"{title}\" is about medication but does not tell readers not "
                                    "to stop or change a medicine without their doctor. Add, for example: \"If you already take an "
                                    "antidepressant, do not stop it or change the dose without talking to your "
                                    "doctor.\" (Spanish: \"Si ya toma un antidepresivo, no lo deje ni cambie la "
                                    "dosis sin hablar antes con su médico.\")"))
    return problems


def check(markdown: str) -> list[Problem]:
    """Every house-rule problem in one page's Markdown (front matter included), by line."""
    text = strip_code(_strip_front_matter(markdown))
    problems: list[Problem] = []

    for m in _SCRIPT.finditer(text):
        problems.append(Problem(_line(text, m.start()),
                                "raw <script> in Markdown: pages may not run their own scripts. "
                                "Remove it; ask a developer if the page needs behaviour."))
    for tag in _TAG.finditer(text):
        for handler in _EVENT_HANDLER.finditer(tag.group(0)):
            problems.append(Problem(_line(text, tag.start() + handler.start(1)),
                                    f"inline event handler '{handler.group(1)}=' in raw HTML: "
                                    "pages may not run scripts. Remove the attribute."))

    namespaces = {m.start() for m in _XMLNS.finditer(text)}
    for m in _HTTP.finditer(text):
        if any(0 <= m.start() - start < 40 for start in namespaces):
            continue  # xmlns="http://www.w3.org/..." is a name, not a link
        problems.append(Problem(_line(text, m.start()),
                                f"insecure link '{m.group(0)}': use https:// (check that the "
                                "https:// address works in a browser)."))

    for m in _MD_IMAGE.finditer(text):
        if not m.group(1).strip():
            problems.append(Problem(_line(text, m.start()),
                                    f"image '{m.group(2)}' has no alt text: write what it shows "
                                    "between the brackets, e.g. ![Chart of results](chart.png)."))
    for m in _EMPTY_MD_LINK.finditer(text):
        problems.append(Problem(_line(text, m.start()), _empty_link(m.group(1))))
    for m in _EMPTY_A_TAG.finditer(text):
        href = _HREF.search(m.group(1))
        if href and not _ARIA_LABEL.search(m.group(1)):
            problems.append(Problem(_line(text, m.start()), _empty_link(href.group(1))))
    for m in _IMG_TAG.finditer(text):
        tag = m.group(0)
        alt = _ALT.search(tag)
        value = next((g for g in alt.groups()[1:] if g is not None), "") if alt else None
        if alt is None or (not value.strip() and not _DECORATIVE.search(tag)):
            problems.append(Problem(_line(text, m.start()),
                                    "<img> without alt text: add alt=\"what the image shows\" "
                                    "(or role=\"presentation\" with alt=\"\" for a purely decorative image)."))

    for m in _FIFTY_FIVE.finditer(text):
        problems.append(Problem(_line(text, m.start()),
                                f"'{m.group(0)}' figure: no checked source supports a 55% success "
                                "rate. Remove it; say how IPT compares instead (about as well as CBT), with its source."))
    for m in _HALF_OR_MORE.finditer(text):
        problems.append(Problem(_line(text, m.start()),
                                f"'{m.group(0)}': no checked source gives a share of people who improve with "
                                "IPT. Remove it; say how IPT compares instead (about as well as CBT), with its source."))
    problems += _medication_sections(text)

    for m in _COMMIT_SUICIDE.finditer(text):
        problems.append(Problem(_line(text, m.start()),
                                f"'{m.group(0)}': say \"died by suicide\" (in Spanish \"murió por suicidio\"). "
                                "\"Commit\" / \"cometer\" sounds like a crime and can stop people from "
                                "asking for help (WHO media guidance)."))

    for line, sentence in _sentences(text):
        if sentence.rstrip().endswith("?"):
            continue  # a question ("Is DIT a type of IPT?") asserts nothing
        if _DIT_MCT.search(sentence) and _TYPE_CLAIM.search(sentence) and not _NEGATION.search(sentence):
            problems.append(Problem(line,
                                    f"this sentence presents DIT or MCT as a type of IPT: \"{sentence[:90]}\". "
                                    "They are separate therapies, not types of IPT: reword it (say 'not')."))
    return sorted(problems, key=lambda p: p.line)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        # Kept between builds by content (scripts/content_cache.py), reported on every build.
        found = remember(config, "content-rules", text, RULES_CODE,
                         lambda: [[p.line, p.message] for p in check(text)])
        for line, message in found:
            log.warning("%s:%d: %s", shown_path(file, config), line, message)
    return files
