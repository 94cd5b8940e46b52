"""Sentence splitting with character offsets (blingfire), paragraph-aware."""

from __future__ import annotations

import re
from collections.abc import Iterator
from ctypes import byref, c_char_p, c_int, c_int32, create_string_buffer
from typing import Any

import numpy as np

from flashpoint.records import Sentence

_PARA = re.compile(r"\n\s*\n")
_MAX_SENT_CHARS = 2000  # longer runs are split on line breaks or hard-cut so one bad page cannot stall the parser


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _PARA.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences; spans slice `text` exactly (stripped of surrounding space)."""
    import blingfire  # noqa: PLC0415 - cheap, but keep import-time light

    out: list[Sentence] = []
    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        if not para.strip():
            continue
        offsets = _sentence_offsets(blingfire, para)
        for s, e in offsets:
            for a, b in _cut(para, s, e):
                a, b = _strip(para, a, b)
                if b > a:
                    out.append(Sentence(len(out), text[p_start + a : p_start + b], p_start + a, p_start + b))
    return out


def _sentence_offsets(blingfire: Any, para: str) -> list[tuple[int, int]]:
    """blingfire's sentence (start, end) character offsets. Same result as its
    `text_to_sentences_and_offsets`, whose UTF-8 to character mapping is a Python loop over every
    byte (a quarter of the coder's time before parsing); here it is one numpy prefix sum, and no
    mapping at all for ASCII text."""
    data = para.encode("utf-8")
    n = len(data)
    out_buf = create_string_buffer(n * 2)
    cap = len(out_buf)
    starts, ends = (c_int32 * cap)(), (c_int32 * cap)()
    k = blingfire.blingfire.TextToSentencesWithOffsets(
        c_char_p(data), c_int(n), byref(out_buf), byref(starts), byref(ends), c_int(cap)
    )
    if k == -1 or k > cap:
        return []
    count = out_buf.value.count(b"\n") + 1
    s_off = np.frombuffer(starts, dtype=np.int32, count=count)
    e_off = np.frombuffer(ends, dtype=np.int32, count=count) + 1  # exclusive byte end
    if len(data) == len(para):  # ASCII: bytes are characters
        return list(zip(s_off.tolist(), e_off.tolist()))
    lead = (np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80
    prefix = np.concatenate(([0], np.cumsum(lead)))  # characters before each byte position
    return list(zip(prefix[s_off].tolist(), prefix[np.minimum(e_off, n)].tolist()))


def _strip(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return a, b


def _cut(s: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """Split very long sentences at line breaks, then hard-cut at a space."""
    if b - a <= _MAX_SENT_CHARS:
        yield a, b
        return
    pieces: list[tuple[int, int]] = []
    start = a
    for m in re.finditer(r"\n", s[a:b]):
        pieces.append((start, a + m.start()))
        start = a + m.end()
    pieces.append((start, b))
    for pa, pb in pieces:
        while pb - pa > _MAX_SENT_CHARS:
            cut = s.rfind(" ", pa, pa + _MAX_SENT_CHARS)
            cut = cut if cut > pa else pa + _MAX_SENT_CHARS
            yield pa, cut
            pa = cut
        yield pa, pb


# news agencies whose name alone may open a story ("Reuters - The United States declared ...") or close a headline
# ("Gunmen Seize Three Britons in Baghdad (Reuters)")
_AGENCIES = (r"(?:Reuters|AP|AFP|UPI|Xinhua|dpa|DPA|IANS|PTI|ANI|TASS|Interfax|Kyodo|Yonhap|EFE|ANSA|Anadolu|"
             r"Bloomberg|CNN|BBC|Canadian Press|Agence France-Presse|Associated Press)")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATELINE = re.compile(
    rf"^(?:{_AGENCIES}\s*[-\u2013\u2014]+"
    r"|[A-Z][A-Z.'\u2019-]{2,}(?:[ ,]+[A-Z0-9][A-Za-z0-9.'\u2019-]*){0,3}\s*"
    r"(?:\([^)]{1,40}\)\s*(?:[-\u2013\u2014:]+|\")|[-\u2013\u2014:]+)"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?:"
    # a town and a date in title case, closed by an agency or a dash: "Tehran, March 15, IRNA - ", "Bogota, March
    # 8 (IANS) "
    rf"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}, {_MONTH}\.? \d{{1,2}}(?:, \d{{4}})?"
    r"(?:,? ?[A-Z]{2,}(?:[ -][A-Z]{2,})? ?[-\u2013\u2014:]+"
    r"|,? ?\([A-Z][A-Za-z]{1,12}(?: [A-Z][A-Za-z]{1,12})?\) ?[-\u2013\u2014:]*|\s*[-\u2013\u2014]+)"
    # a label of a few words ("Movement of forces: ", "Property destruction: ", "Breaking news: "), not a
    # speaker's introduction ("Officials said: ")
    r"|(?![A-Za-z ]*\b(?:said|says|say|told|tells|added|adds|warned|warns|stated|wrote|writes|tweeted)\b)"
    r"[A-Z][a-z]+(?: [a-z]+){1,3}:)\s+(?=[A-Z\"\u201c])"
)


def dateline_length(text: str) -> int:
    """Length of a leading dateline or label ("ALGIERS, Algeria - ", "CAIRO -- ", "Mexico: ",
    "WASHINGTON, Jan 5 (Reuters) - ", "Reuters - ", and "WASHINGTON (AP) \" " where the dash came through as a
    quote), else 0."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


_CREDIT = re.compile(rf"\s*\({_AGENCIES}\)[.\s]*$")


def wire_credit(text: str) -> tuple[int, int] | None:
    """The (start, end) of an agency's credit closing a sentence or headline ("Gunmen Seize Three Britons in Baghdad
    (Reuters)", "Moderate Republicans Criticize Bush (AP)"), else None: no party of what the sentence tells."""
    m = _CREDIT.search(text)
    return m.span() if m else None


# a photo caption's "where in the picture" after a name: "Christian Porter, left, and Mitch Fifield hold a press
# conference", "Vladimir Putin, second left, and ...", "Putin (L) and Erdogan (R) shake hands"
_POSITION = re.compile(
    r"\b[A-Z][\w.'\u2019-]*(, (?:(?:second|third|far|front|back|top|bottom|centre|center) )?"
    r"(?:from )?(?:left|right|centre|center)(?: to right)?,|\s\((?:L|R|C|left|right|centre|center)\))(?=[ ,.])"
)


def caption_positions(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each position a photo caption gives after a name (", left,", " (R)"): blanked for
    the parse, so "X, left, and Y hold talks" coordinates X and Y."""
    return [m.span(1) for m in _POSITION.finditer(text)]


_NAME = (r"(?:the )?[A-Z][\w'\u2019.-]*"
         r"(?: (?:de|del|la|las|los|do|da|dos|das|di|of|the|y|e|el|al|[A-Z][\w'\u2019.-]*))*"
         r"(?: (?:state|province|department|district|municipality|county|governorate|region|city|town|community"
         r"|sector|neighbou?rhood|area|village|zone|parish|township|commune))?"
         r"(?: ?\([^()]{1,60}\))?")
# "the outskirts of", "the rural area of", "the West Zone of": a part of the place named next
_PART_OF = (r"the (?:[A-Za-z]+ ){0,2}(?:outskirts|municipality|province|district|area|countryside|village|town|city"
            r"|region|department|state|governorate|suburbs?|vicinity|side|part|[Zz]one|partido|commune|parish|sector"
            r"|neighbou?rhood|cent(?:re|er)) of")
_SETTING = re.compile(
    rf"^(?:(?:On|Around|Between|As reported on|Reported on)\b[^,]{{0,60}},\s+)?"
    rf"(?:[Ii]n ({_NAME}|{_PART_OF} {_NAME})|(?:[Oo]n|[Aa]t|[Nn]ear|[Aa]round|[Oo]utside) ({_PART_OF} {_NAME}))"
    rf"((?:, {_NAME})*), (?=\S)"
    # not a list: "In Paris, Lyon and Marseille, ..."; a subject that names two parties is none ("in Trelew
    # (Chubut), the Retirees Center of ATE and teachers gathered", "In Cairo, Egypt and Jordan signed")
    rf"(?!(?:{_NAME}, )*(?:{_NAME},? )?(?:and|or|&) {_NAME},)"
)


# the same with no preposition, after a date and closed by a division: "On 29 April 2020, Caripe, Monagas state, a
# group of people blocked roads"
_BARE_SETTING = re.compile(
    rf"^(?:On|Around|Between|As reported on|Reported on)\b[^,]{{0,60}},\s+"
    rf"((?:{_NAME}, )*[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*)* "
    r"(?:state|province|department|governorate|region|county|district|municipality|oblast)), (?=\S)"
)


def setting_qualifiers(text: str) -> tuple[int, int] | None:
    """The (start, end) of the qualifiers of a sentence's opening place ("On 2 May 2020, in Cuauhtemoc, Ciudad
    de Mexico, a group of musicians protested": ", Ciudad de Mexico"), else None. spaCy's small model reads
    such a list of names as the sentence's subject and the clause after it as a relative clause; the coder
    parses the sentence with them blanked out (the text's offsets kept), and reads the places in the full text.
    An opening place with no preposition is blanked whole ("On 29 April 2020, Caripe, Monagas state, a group of
    people blocked roads": "Caripe, Monagas state", else the subject)."""
    m = _SETTING.match(text)
    if m is None:
        return _bare_setting(text)
    return m.span(3) if m.end(3) > m.start(3) else None


def opening_setting(text: str) -> tuple[int, int] | None:
    """The (start, end) of the names of a sentence's opening place ("On 2 May 2020, in Cuauhtemoc, Ciudad de
    Mexico, a group of musicians protested": "Cuauhtemoc, Ciudad de Mexico"; "In Kabul, gunmen killed ..."),
    else None: where what the sentence tells happened, unless an act names its own place."""
    m = _SETTING.match(text)
    if m is None:
        return _bare_setting(text)
    return m.start(1) if m.start(1) >= 0 else m.start(2), m.end(3)


def _bare_setting(text: str) -> tuple[int, int] | None:
    """The (start, end) of an opening place with no preposition (`_BARE_SETTING`), else None."""
    m = _BARE_SETTING.match(text)
    return m.span(1) if m else None

