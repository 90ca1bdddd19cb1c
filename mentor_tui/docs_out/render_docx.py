"""The term diary as a Word document (A4, 宋体 body / 黑体 headings, a page per child), and the
password protection Word asks for when opening it.

python-docx sets up the package and the styles; the body is written as WordprocessingML text
(every user string XML-escaped) and parsed once — python-docx's own ``add_paragraph`` looks up
styles and insertion points on every call and takes ~20 s for a 2,000-entry diary, this ~1 s.
python-docx and msoffcrypto-tool are imported inside the functions only. The document is built
and encrypted in memory (``BytesIO``): no plaintext .docx ever touches the disk.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as _xml_escape

from mentor_tui.core.diary_model import ContactCard, Diary, Item
from mentor_tui.docs_out.progress import Progress

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import CharacterStyle

BODY_FONT = ("SimSun", "宋体")
HEADING_FONT = ("SimHei", "黑体")
MIN_PASSWORD = 6
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Twentieths of a point: A4 text width with 20 mm margins is 170 mm = 9638 twips.
TEXT_WIDTH = 9638
LABEL_WIDTH = 2268  # 40 mm
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def _set_font(
    style: CharacterStyle,
    latin: str,
    east_asian: str,
    size_pt: float | None = None,
    bold: bool | None = None,
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = latin
    if size_pt:
        style.font.size = Pt(size_pt)
    if bold is not None:
        style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def new_document(lang: str) -> DocxDocument:
    """A blank A4 document with Chinese-friendly fonts and margins."""
    from docx import Document
    from docx.shared import Mm, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(20)
    sec.top_margin = sec.bottom_margin = Mm(22)
    styles = doc.styles
    _set_font(styles["Normal"], *BODY_FONT, size_pt=10.5)
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        _set_font(styles[name], *HEADING_FONT, size_pt=size, bold=True)
        styles[name].font.color.rgb = RGBColor(0, 0, 0)
    doc.core_properties.language = "zh-CN" if lang == "zh" else "en-GB"
    return doc


def safe(text: object) -> str:
    """Word rejects XML-illegal control characters; user text is cleaned on entry, but a sync
    file from an old version might still hold one."""
    return _ILLEGAL.sub("", str(text))


class Body:
    """WordprocessingML paragraphs and tables, appended as text, inserted into a document once."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    @staticmethod
    def run(text: str, bold: bool = False) -> str:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        out = []
        for i, line in enumerate(safe(text).split("\n")):
            if i:
                out.append(f"<w:r>{rpr}<w:br/></w:r>")
            for j, chunk in enumerate(line.split("\t")):
                if j:
                    out.append(f"<w:r>{rpr}<w:tab/></w:r>")
                if chunk:
                    out.append(
                        f'<w:r>{rpr}<w:t xml:space="preserve">{_xml_escape(chunk)}</w:t></w:r>'
                    )
        return "".join(out)

    def para(
        self,
        runs: str,
        style: str | None = None,
        center: bool = False,
        page_break: bool = False,
        keep_next: bool = False,
    ) -> None:
        ppr = ""
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if keep_next:
            ppr += "<w:keepNext/>"
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        if center:
            ppr += '<w:jc w:val="center"/>'
        self.parts.append(f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{runs}</w:p>")

    def text(self, text: str, **kw: Any) -> None:  # para's options
        self.para(self.run(text), **kw)

    def heading(self, text: str, level: int, page_break: bool = False) -> None:
        self.para(self.run(text), style=f"Heading{level}", page_break=page_break, keep_next=True)

    def item(self, it: Item, sep: str) -> None:
        self.para(self.run(it.label + sep, bold=True) + self.run(it.value))

    def table(self, rows: list[list[str]], widths: list[int], header: bool = False) -> None:
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        ]
        for r, cells in enumerate(rows):
            head = header and r == 0
            trpr = (
                "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
                if head
                else "<w:trPr><w:cantSplit/></w:trPr>"
            )
            out.append(f"<w:tr>{trpr}")
            for c, (value, w) in enumerate(zip(cells, widths)):
                bold = head or (not header and c == 0)
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                    f"<w:p>{self.run(value, bold=bold)}</w:p></w:tc>"
                )
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))
        self.parts.append("<w:p/>")  # Word needs a paragraph between adjacent tables

    def items_table(self, its: list[Item]) -> None:
        if its:
            self.table([[i.label, i.value] for i in its], [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH])

    def card(self, card: ContactCard, heading: str, level: int, page_break: bool = False) -> None:
        self.heading(heading, level, page_break)
        self.items_table(card.items)
        for c in card.contacts:
            self.para(self.run(c.title, bold=True), keep_next=True)
            self.items_table(c.items)

    def into(self, doc: DocxDocument) -> None:
        """Insert everything before the document's final section properties."""
        from docx.oxml import parse_xml

        frag = parse_xml(f'<w:body xmlns:w="{W_NS}">{"".join(self.parts)}</w:body>')
        body = doc.element.body
        anchor = body.sectPr
        for child in list(frag):
            if anchor is not None:
                anchor.addprevious(child)
            else:
                body.append(child)


def to_bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def cover(b: Body, title: str, subtitle: str, items: list[Item], notes: list[str]) -> None:
    b.para(b.run(title), style="Title", center=True)
    b.text(subtitle, center=True)
    b.items_table(items)
    for n in notes:
        b.text(n)


def render_diary(d: Diary, progress: Progress | None = None) -> bytes:
    sep = "：" if d.lang == "zh" else ": "
    doc = new_document(d.lang)
    b = Body()
    cover(b, d.title, d.subtitle, d.cover, d.notes)
    b.heading(d.summary_title, 1, page_break=True)
    b.text(d.summary_note)
    ncols = len(d.summary_headers)
    first = 1600
    widths = [first] + [(TEXT_WIDTH - first) // (ncols - 1)] * (ncols - 1)
    b.table([d.summary_headers] + [r.cells for r in d.summary_rows], widths, header=True)
    for i, s in enumerate(d.sections):
        b.heading(s.heading, 1, page_break=True)
        b.card(s.card, d.labels["card"], 2)
        for key, blocks in (("plan", s.plan), ("entries", s.entries), ("summary", s.summary)):
            b.heading(d.labels[key], 2)
            if not blocks:
                b.text(d.labels["none"])
            for e in blocks:
                b.heading(e.heading, 3)
                for it in e.items:
                    b.item(it, sep)
        if progress:
            progress(i + 1, len(d.sections))
    b.into(doc)
    return to_bytes(doc)


def protect(data: bytes, password: str) -> bytes:
    """Encrypt an OOXML document in memory (ECMA-376 Agile, what Word uses): Word asks for the
    password when opening it."""
    import msoffcrypto.format.ooxml as ooxml

    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()
