"""The coder: articles in, coded events out.

For each article: split sentences, scan actors in every sentence (cheap, in order, so later
"Sudani" or "he" resolve), keep the candidate sentences (a trigger word of the lexicon is
present, or the caller gave `actors` hints), parse only those, find triggers and their
arguments, type each event (lexicon + relation classifier), then read modality, attribution,
date, place and fatalities, and merge mentions of the same event within the article.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint import __version__
from flashpoint.coding.merge import (
    ON_THE_GROUND, UNDONE, carry_doers, carry_targets, infinitive_at, merge_events, shared_locations,
)
from flashpoint.coding.ontology import ARMED_SECTORS
from flashpoint.coding.relevance import features as relevance_features
from flashpoint.coding.relevance import word_tokens
from flashpoint.coding.roles import (
    LOCATIVE_PREPS, PERSON_WORDS, SETTING_PREPS, between_parties, direct_subject, direction_of, in_locative, is_time,
    mutual_pair, personish, subject_matter,
)
from flashpoint.nlp.parse import one_blas_thread
from flashpoint.nlp.sentences import (
    caption_positions,
    dateline_length,
    opening_setting,
    setting_qualifiers,
    wire_credit,
)
from flashpoint.errors import CodingError, ConfigError, InputError
from flashpoint.records import (
    ActorRef,
    Article,
    Attribution,
    CodedArticle,
    Event,
    Failure,
    Location,
    Plover,
    Sentence,
    SentenceClass,
    Trigger,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

DEFAULT_MODEL = Path(__file__).parent / "data" / "relation_model.npz"  # string features only
# string features and the pair's window embedding: the bundled model for hinted pairs when the encoder is on
DEFAULT_ENCODER_MODEL = Path(__file__).parent / "data" / "relation_model_encoder.npz"
DEFAULT_ACLED_MODEL = Path(__file__).parent / "data" / "acled_model.npz"
DEFAULT_PENTA_MODEL = Path(__file__).parent / "data" / "penta_model.npz"
DEFAULT_CATEGORY_MODEL = Path(__file__).parent / "data" / "category_model.npz"
DEFAULT_ROLE_MODELS = {r: Path(__file__).parent / "data" / f"{r}_model.npz" for r in ("source", "target")}
YIELD_TYPES = {"CONCEDE", "RETREAT"}
RELEVANCE_MODES = ("learned", "trigger", "actor", "hybrid")
MATERIAL_CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
# CAMEO 03x: intent to meet (036), cooperate materially (031), give aid (033), support (032), yield (035)
_INTENT_CAMEO = {"CONSULT": "036", "COOPERATE": "031", "AID": "033", "SUPPORT": "032", "RETREAT": "035", "CONCEDE": "035"}
_INTENT_HEADS = {"plan", "intend", "pledge", "promise", "vow", "decide", "offer", "prepare", "agree", "aim", "willing", "ready"}
# a release or withdrawal its doer "decided", "agreed" or "promised" to make is coded as the act itself
# (PLV and ConfliBERT label it so); "will withdraw", "is willing to withdraw" is intent to yield (CAMEO 035)
_YIELD_INTENT_HEADS = {"willing", "ready"}
_REFUSE = {"refuse", "decline"}


ENCODER_MODES = ("auto", "on", "off")


@dataclass(frozen=True)
class CoderConfig:
    """Resolved configuration of a coder; saved with every run."""

    spacy_model: str | None = None
    relation_model: str | None = None  # path to the .npz; None = the bundled model
    # the relation model of hinted pairs (`actors` given); None = the bundled one that reads the pair's
    # window embedding when the encoder is on, else the relation model
    hinted_relation_model: str | None = None
    acled_model: str | None = None  # ACLED sub-event classifier (.npz); None = the bundled model
    acled_min_prob: float = 0.5  # the classifier's ACLED reading replaces the rules' from this probability
    source_model: str | None = None  # learned source assigner (.npz); None = the bundled model
    target_model: str | None = None  # learned target assigner (.npz); None = the bundled model
    penta_model: str | None = None  # text event class model (.npz, coding/penta_model.py); None = the bundled model
    category_model: str | None = None  # text event category model (.npz, coding/category_model.py); None = bundled
    # the sentence encoder (nlp/encoder.py, all-MiniLM-L6-v2) that the category model and the hinted relation
    # model read: "auto" uses it when installed, "off" never (faster: records carry no category, hinted pairs
    # are typed by the relation model), "on" requires it
    encoder: str = "auto"
    lexicon_extra: tuple[str, ...] = ()
    actors_extra: tuple[str, ...] = ()
    min_confidence: float = 0.0
    batch_size: int = 256
    lexicon_weight: float = 0.0  # weight of the lexicon's reading against the classifier's (hinted pairs)
    open_lexicon_weight: float = 0.35  # the same when the coder found the trigger itself
    # which sentences are parsed: "trigger" (a lexicon trigger word), "actor" (a trigger word and a
    # known actor, country, group or role word in the same sentence: fewer parses, faster), or
    # "hybrid" (as "actor", but a conflict or protest trigger is parsed even without a known actor)
    # "learned": a trigger word, and a small model trained on the coder's own output predicts an event
    # (coding/relevance.py; threshold from the model unless relevance_threshold is set)
    relevance: str = "learned"
    relevance_model: str | None = None  # path to the .npz; None = the bundled model
    relevance_threshold: float | None = None

    def __post_init__(self) -> None:
        if self.encoder not in ENCODER_MODES:
            raise ConfigError(f"encoder must be one of {', '.join(ENCODER_MODES)}, got {self.encoder!r}")
        if self.relevance not in RELEVANCE_MODES:
            raise ConfigError(f"relevance must be one of {', '.join(RELEVANCE_MODES)}, got {self.relevance!r}")
        if self.relevance_threshold is not None and not 0.0 <= self.relevance_threshold <= 1.0:
            raise ConfigError(f"relevance_threshold must be in [0, 1], got {self.relevance_threshold}")

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass
class _Work:
    article: Article
    sentences: list[Sentence]
    candidates: list[int] = field(default_factory=list)  # sentence indices to parse
    ctx: Any = None
    failure: Failure | None = None

    @cached_property
    def lead(self) -> str | None:
        """The article's lead, the context the ACLED classifier reads (read once per article)."""
        from flashpoint.coding.acled_model import lead_of  # noqa: PLC0415

        return lead_of(self.article.title, (s.text for s in self.sentences))


class Coder:
    """Codes articles into events. Thread-compatible, deterministic; heavy parts load on first use."""

    name = "flashpoint"

    def __init__(
        self, config: CoderConfig | None = None, *, relation_model: Any = None, acled_model: Any = None,
        source_model: Any = None, target_model: Any = None, penta_model: Any = None, category_model: Any = None,
        hinted_relation_model: Any = None,
    ) -> None:
        self.config = config or CoderConfig()
        self._hinted_model = hinted_relation_model
        self._penta_model = penta_model
        self._category_model = category_model
        self._model = relation_model
        self._acled_model = acled_model
        self._roles: dict[str, Any] = {"source": source_model, "target": target_model}
        self._nlp: Any = None
        self._lexicon: Any = None
        self._matcher: Any = None
        self._surface: frozenset[str] | None = None
        self._relevance: Any = None
        self._encoder: Any = None
        self._forms: dict[tuple[frozenset[str], bool], frozenset[str]] = {}
        self._phrases: dict[str, dict[str, frozenset[str]]] | None = None  # see _forced_phrases
        self.version = __version__

    def with_models(
        self, *, relation_model: Any, acled_model: Any, source_model: Any = None, target_model: Any = None,
        penta_model: Any = None, category_model: Any = None, hinted_relation_model: Any = None,
    ) -> Coder:
        """A coder with this one's configuration and its loaded parser, lexicon, actor matcher and encoder,
        but the given relation, ACLED, source, target, penta class, category and hinted relation models
        (False: none; a model other than the relation and ACLED models left out is this coder's)."""
        source = self.source_model or False if source_model is None else source_model
        target = self.target_model or False if target_model is None else target_model
        penta = self.penta_model or False if penta_model is None else penta_model
        category = self.category_model or False if category_model is None else category_model
        hinted = self.hinted_relation_model or False if hinted_relation_model is None else hinted_relation_model
        out = Coder(self.config, relation_model=relation_model, acled_model=acled_model,
                    source_model=source, target_model=target, penta_model=penta, category_model=category,
                    hinted_relation_model=hinted)
        out._nlp, out._lexicon, out._matcher, out._surface = self.nlp, self.lexicon, self.matcher, self.surface_forms
        out._encoder = self.encoder or False
        return out

    # ---- components, loaded lazily -------------------------------------------------------
    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from flashpoint.nlp.parse import keep_whole, load_model  # noqa: PLC0415

            self._nlp = load_model(self.config.spacy_model)
            # "shoot-outs", "sit-in": the tokenizer splits at hyphens; the lexicon's hyphenated triggers stay whole
            keep_whole(self._nlp, (f for f in self.surface_forms if "-" in f))
        return self._nlp

    @property
    def lexicon(self) -> Any:
        if self._lexicon is None:
            from flashpoint.coding.lexicon import Lexicon  # noqa: PLC0415

            extra = [Path(p) for p in self.config.lexicon_extra]
            self._lexicon = Lexicon.load(extra) if extra else Lexicon.default()
        return self._lexicon

    @property
    def surface_forms(self) -> frozenset[str]:
        """Word forms of every lexicon trigger: the cheap test a sentence passes before it is parsed."""
        if self._surface is None:
            self._surface = self.lexicon.surface_forms()
        return self._surface

    @property
    def matcher(self) -> Any:
        if self._matcher is None:
            from flashpoint.actors.kb import ActorKB, default_kb  # noqa: PLC0415
            from flashpoint.actors.match import ActorMatcher  # noqa: PLC0415

            extra = [Path(p) for p in self.config.actors_extra]
            kb = ActorKB.load(extra=extra) if extra else default_kb()
            self._matcher = ActorMatcher(kb)
        return self._matcher

    @property
    def relation_model(self) -> Any:
        """The relation typing model of the pairs the coder finds (`coding/classifier.LinearModel`, string
        features): the configured file, else the bundled one; None when it does not exist."""
        if self._model is None:
            from flashpoint.coding.classifier import LinearModel  # noqa: PLC0415

            path = Path(self.config.relation_model) if self.config.relation_model else DEFAULT_MODEL
            self._model = LinearModel.load(path) if path.exists() else False
        return self._model or None

    @property
    def hinted_relation_model(self) -> Any:
        """The relation typing model of hinted pairs (the caller names both parties): the configured file,
        else with the sentence encoder on the bundled model that also reads the pair's window embedding,
        else `relation_model`. A model that reads embeddings without the encoder raises ConfigError."""
        if self._hinted_model is None:
            from flashpoint.coding.classifier import LinearModel  # noqa: PLC0415

            path = Path(self.config.hinted_relation_model) if self.config.hinted_relation_model else None
            if path is not None and not path.is_file():
                raise InputError(str(path), "hinted relation model file not found (rebuild: scripts/train_relation_model.py)")
            if path is None and self.encoder is not None and DEFAULT_ENCODER_MODEL.exists():
                path = DEFAULT_ENCODER_MODEL
            self._hinted_model = LinearModel.load(path) if path is not None else (self.relation_model or False)
        if self._hinted_model is not False and self._hinted_model.D is not None and self.encoder is None:
            raise ConfigError("the hinted relation model reads sentence embeddings but the sentence encoder is off or not installed")
        return self._hinted_model or None

    @property
    def acled_model(self) -> Any:
        """The ACLED sub-event classifier (coding/acled_model.py); None when the bundled file is absent
        (rules only). A configured path that is missing or unreadable raises InputError naming it."""
        if self._acled_model is None:
            from flashpoint.coding.acled_model import AcledModel  # noqa: PLC0415

            self._acled_model = _configured_or_bundled(self.config.acled_model, DEFAULT_ACLED_MODEL, AcledModel.load)
        return self._acled_model or None

    def _role_model(self, role: str) -> Any:
        """The learned assigner of `role` (coding/role_model.py); None when the bundled file is absent
        (the dependency rules alone). A configured path that is missing raises InputError naming it."""
        if self._roles[role] is None:
            from flashpoint.coding.role_model import RoleModel  # noqa: PLC0415

            self._roles[role] = _configured_or_bundled(
                getattr(self.config, f"{role}_model"), DEFAULT_ROLE_MODELS[role], lambda p: RoleModel.load(p, role))
        return self._roles[role] or None

    @property
    def source_model(self) -> Any:
        return self._role_model("source")

    @property
    def target_model(self) -> Any:
        return self._role_model("target")

    @property
    def penta_model(self) -> Any:
        """The text event class model (coding/penta_model.py); None when the bundled file is absent (the
        class of the most confident event). A configured path that is missing or unreadable raises
        InputError naming it."""
        if self._penta_model is None:
            from flashpoint.coding.penta_model import PentaModel  # noqa: PLC0415

            self._penta_model = _configured_or_bundled(self.config.penta_model, DEFAULT_PENTA_MODEL, PentaModel.load)
        return self._penta_model or None

    @property
    def category_model(self) -> Any:
        """The text event category model (coding/category_model.py); None when the bundled file is absent
        (no category). A configured path that is missing or unreadable raises InputError naming it."""
        if self._category_model is None:
            from flashpoint.coding.category_model import CategoryModel  # noqa: PLC0415

            self._category_model = _configured_or_bundled(
                self.config.category_model, DEFAULT_CATEGORY_MODEL, CategoryModel.load)
        return self._category_model or None

    @property
    def relevance_filter(self) -> Any:
        """The learned pre-parse filter (relevance="learned"), loaded on first use."""
        if self._relevance is None:
            from flashpoint.coding.relevance import RelevanceFilter  # noqa: PLC0415

            path = Path(self.config.relevance_model) if self.config.relevance_model else None
            self._relevance = RelevanceFilter.load(path, self.config.relevance_threshold)
        return self._relevance

    @property
    def encoder(self) -> Any:
        """The sentence encoder (`nlp/encoder.py`) or None: not installed ("auto") or turned off ("off");
        with encoder="on" a missing encoder raises ConfigError saying how to install it."""
        if self._encoder is None:
            from flashpoint.nlp.encoder import INSTALL, load_encoder  # noqa: PLC0415

            self._encoder = False if self.config.encoder == "off" else (load_encoder() or False)
            if self._encoder is False and self.config.encoder == "on":
                raise ConfigError(f"encoder='on' but the sentence encoder is not installed ({INSTALL})")
        return self._encoder or None

    def components(self) -> dict[str, Any]:
        from flashpoint.coding import ontology  # noqa: PLC0415
        from flashpoint.nlp.parse import model_version  # noqa: PLC0415

        m = self.relation_model
        return {
            "parser": model_version(self.nlp),
            "lexicon": getattr(self.lexicon, "version", "1"),
            "relation_model": (m.meta or {}).get("id") if m else None,
            "hinted_relation_model": (self.hinted_relation_model.meta or {}).get("id") if self.hinted_relation_model else None,
            "acled_model": self.acled_model.meta.get("id") if self.acled_model else None,
            "source_model": self.source_model.meta.get("id") if self.source_model else None,
            "target_model": self.target_model.meta.get("id") if self.target_model else None,
            "penta_model": self.penta_model.meta.get("id") if self.penta_model else None,
            "category_model": self.category_model.meta.get("id") if self.category_model else None,
            "encoder": self.encoder.id if self.encoder is not None else None,
            "ontology": getattr(ontology, "CONVENTIONS", {}),
        }

    def coder_block(self) -> dict[str, Any]:
        if not hasattr(self, "_coder_block"):
            self._coder_block = {"name": self.name, "version": self.version, "components": self.components()}
        return self._coder_block

    def _trigger_forms(self, types: frozenset[str], unconditional: bool = False) -> frozenset[str]:
        """Word forms of the lexicon lemmas with an entry of one of `types` (with `unconditional`, an
        entry that needs no particle or object). Cached per (types, unconditional)."""
        key = (types, unconditional)
        if key not in self._forms:
            from flashpoint.coding.lexicon import inflections  # noqa: PLC0415

            forms: set[str] = set()
            for (lem, pos) in self.lexicon.lemmas():
                if any(e.plover in types and not (unconditional and (e.particle or e.objects))
                       for e in self.lexicon.entries_for(lem, pos)):
                    forms.update(inflections(lem, pos))
            self._forms[key] = frozenset(forms)
        return self._forms[key]

    def _forced_phrases(self) -> dict[str, dict[str, frozenset[str]]]:
        """By part of speech ("VERB", "NOUN"): a verb form -> the forms of the objects that make it a violence,
        coercion, protest or mobilisation trigger on its own ("opened fire", "fired rockets"), a noun form ->
        those of its modifiers ("artillery fire"), for the lexicon entries that need an object and no
        particle. Cached."""
        if self._phrases is None:
            from flashpoint.coding.lexicon import inflections  # noqa: PLC0415

            phrases: dict[str, dict[str, set[str]]] = {"VERB": defaultdict(set), "NOUN": defaultdict(set)}
            for (lem, pos) in self.lexicon.lemmas():
                if pos not in phrases:
                    continue
                objects = {o for e in self.lexicon.entries_for(lem, pos)
                           if e.plover in _FORCED_TYPES and e.objects and not e.particle for o in e.objects}
                forms = {f for o in objects for f in inflections(o, "NOUN")}
                for form in inflections(lem, pos) if forms else ():
                    phrases[pos][form] |= forms
            self._phrases = {p: {k: frozenset(v) for k, v in forms.items()} for p, forms in phrases.items()}
        return self._phrases

    def _forced_phrase(self, raw: list[tuple[str, int]]) -> bool:
        """A verb of `_forced_phrases` with one of its objects right after it or one word later ("opened
        fire", "fired tear gas"), or a noun with one of its modifiers right before it or one word earlier
        ("heavy artillery fire ... was reported", "sniper fire")."""
        forced = self._forced_phrases()
        phrases, nouns = forced["VERB"], forced["NOUN"]
        low = [t.lower() for t, _ in raw]
        return any(t in phrases and not phrases[t].isdisjoint(low[k + 1:k + 3])
                   or t in nouns and not nouns[t].isdisjoint(low[max(0, k - 2):k]) for k, t in enumerate(low))

    # ---- public API ----------------------------------------------------------------------
    def code(self, article: Article) -> CodedArticle:
        return next(iter(self.code_many([article])))

    def penta_class(self, coded: CodedArticle) -> Any:
        """ConfliBERT's event class ("0" statement .. "4" material conflict) of a coded short text (a
        sentence, a headline), read from its words and its events (`coding/penta_model.py`): a
        `PentaReading`. The events are not changed."""
        from flashpoint.coding.penta_model import sentence_class  # noqa: PLC0415

        return sentence_class(self.penta_model, coded.article.text, coded.events)

    def text_category(self, coded: CodedArticle) -> Any:
        """CASE 2021's fine-grained event category (ACLED sub-event types, disasters, diplomacy, crime,
        claims of responsibility) of a coded short text, read from its words and its events
        (`coding/category_model.py`): a `TextReading`, or None without a category model or the sentence encoder
        it reads."""
        from flashpoint.coding.category_model import text_category  # noqa: PLC0415

        return text_category(self.category_model, coded.article.text, coded.events, self._embedding(coded.article.text))

    def _embedding(self, text: str) -> Any:
        """The text's sentence embedding where the category model reads one and the encoder is on, else None."""
        model = self.category_model
        if model is None or not model.reads_embedding or self.encoder is None:
            return None
        return self.encoder.embed([text])[0]

    def _with_sentence_class(self, events: list[Event]) -> list[Event]:
        """Each event with its evidence sentence's class and category, read over the sentence and all its
        events."""
        model, categories = self.penta_model, self.category_model
        if (model is None and categories is None) or not events:
            return events
        from flashpoint.coding.category_model import category_name, text_category  # noqa: PLC0415
        from flashpoint.coding.penta_model import sentence_class  # noqa: PLC0415
        from flashpoint.coding.ontology import PENTA_NAMES  # noqa: PLC0415

        by_sentence: dict[tuple[int, int], list[Event]] = {}
        for ev in events:
            by_sentence.setdefault((ev.sentence.start, ev.sentence.end), []).append(ev)
        reading: dict[tuple[int, int], SentenceClass] = {}
        for key, evs in by_sentence.items():
            text = evs[0].sentence.text
            r = sentence_class(model, text, evs)
            c = text_category(categories, text, evs, self._embedding(text))
            reading[key] = SentenceClass(
                int(r.label), PENTA_NAMES[int(r.label)], _round(r.prob),
                category=c.label if c else None, category_name=category_name(c.label) if c else None,
                category_prob=_round(c.prob) if c else None,
            )
        return [replace(ev, sentence_class=reading[(ev.sentence.start, ev.sentence.end)]) for ev in events]

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code articles in batches; yields one CodedArticle per input, in input order."""
        batch: list[_Work] = []
        n_sent = 0
        for art in articles:
            w = self._prepare(art)
            batch.append(w)
            n_sent += len(w.candidates)
            if n_sent >= self.config.batch_size * 4 or len(batch) >= 512:
                yield from self._finish(batch)
                batch, n_sent = [], 0
        if batch:
            yield from self._finish(batch)

    # ---- stages --------------------------------------------------------------------------
    def _prepare(self, art: Article) -> _Work:
        from flashpoint.actors.match import ArticleActors  # noqa: PLC0415
        from flashpoint.coding.resolve import ArticleContext  # noqa: PLC0415
        from flashpoint.nlp.sentences import split_sentences  # noqa: PLC0415

        if art.skipped:
            return _Work(art, [])
        try:
            if not isinstance(art.text, str) or not art.text.strip():
                raise CodingError(art.id, "nlp", "empty text")
            sents = split_sentences(art.text)
            surface = self.surface_forms
            ctx = ArticleContext(ArticleActors(self.matcher, art.pub_date() or _text_date(sents)))
            w = _Work(art, sents, ctx=ctx)
            if art.actors is not None:
                w.candidates = self._hint_sentences(art, sents)
            mode = self.config.relevance
            if mode == "hybrid":  # conflict and protest triggers: parsed without a known actor
                strong = self._trigger_forms(_STRONG_TYPES)
            elif mode == "learned":  # violence and protest triggers on their own: parsed whatever the model says
                strong = self._trigger_forms(_FORCED_TYPES, unconditional=True)
            else:
                strong = frozenset()
            learned = self.relevance_filter if mode == "learned" else None
            rows: list[list[str]] = []
            forced: list[bool] = []
            for s in sents:
                found = ctx.scan(s.index, s.text, s.start)
                if art.actors is None and len(s.text) < 4000:
                    raw = word_tokens(s.text)  # read once: the words and the relevance features
                    words = {t.lower() for t, _ in raw}  # = words_of(s.text)
                    hit = words & surface
                    if not hit:
                        continue
                    if learned is not None:
                        rows.append(relevance_features(s.text, words, hit, found, s.start, raw=raw))
                        forced.append(bool(hit & strong) or self._forced_phrase(raw))
                        w.candidates.append(s.index)
                    elif mode == "trigger" or any(m.code or m.sector for m in found) or (mode == "hybrid" and hit & strong):
                        w.candidates.append(s.index)
            if learned is not None and rows:
                keep = learned.keep(rows)
                w.candidates = [i for i, k, f in zip(w.candidates, keep, forced, strict=True) if k or f]
            return w
        except Exception as e:  # one bad article never stops the batch
            log.warning("article %s failed in preparation: %s", art.id, e)
            return _Work(art, [], failure=_failure(art, "nlp", e))

    @staticmethod
    def _hint_sentences(art: Article, sents: list[Sentence]) -> list[int]:
        assert art.actors is not None
        spans = list(art.actors.source) + list(art.actors.target)
        idx = [s.index for s in sents if any(a < s.end and b > s.start for a, b in spans)]
        return sorted(set(idx)) or [s.index for s in sents]

    def _finish(self, batch: list[_Work]) -> Iterator[CodedArticle]:
        jobs: list[tuple[int, Sentence | None]] = []
        texts: list[str] = []
        for k, w in enumerate(batch):
            if w.failure or w.article.skipped:
                continue
            if w.article.actors is not None:
                # the hinted parties may span sentences: parse the covering stretch as one text
                s0 = w.sentences[w.candidates[0]]
                s1 = w.sentences[w.candidates[-1]]
                jobs.append((k, Sentence(s0.index, w.article.text[s0.start : s1.end], s0.start, s1.end)))
                texts.append(w.article.text[s0.start : s1.end])
            else:
                for i in w.candidates:
                    sent = w.sentences[i]
                    cut = dateline_length(sent.text)
                    if cut:  # parse without the dateline: "ALGIERS, Algeria - Police have arrested ..."
                        sent = Sentence(sent.index, sent.text[cut:], sent.start + cut, sent.end)
                    jobs.append((k, sent))
                    # "in Cuauhtemoc, Ciudad de Mexico, a group ... protested": parsed as "in Cuauhtemoc    , a
                    # group ... protested" (same offsets); the places are read in the full text. An agency's
                    # credit closing a headline ("... in Baghdad (Reuters)") is blanked too: no party
                    text = sent.text
                    for blank in (setting_qualifiers(text), wire_credit(text), *caption_positions(text)):
                        if blank is not None:
                            text = text[:blank[0]] + " " * (blank[1] - blank[0]) + text[blank[1]:]
                    texts.append(text)
        docs: dict[int, list[tuple[Sentence, Doc]]] = {}
        with one_blas_thread():
            try:
                parsed = list(self.nlp.pipe(texts, batch_size=self.config.batch_size))
            except Exception:  # fall back to one at a time to isolate the bad input
                parsed = []
                for t in texts:
                    try:
                        parsed.append(self.nlp(t))
                    except Exception:  # noqa: BLE001
                        parsed.append(None)
        for (k, sent), doc in zip(jobs, parsed, strict=True):
            if doc is None:
                batch[k].failure = _failure(batch[k].article, "nlp", CodingError(batch[k].article.id, "nlp", "parser failed"))
                continue
            docs.setdefault(k, []).append((sent, doc))
        for k, w in enumerate(batch):
            if w.failure:
                yield CodedArticle(w.article, tuple(w.sentences), (), w.failure)
                continue
            if w.article.skipped:
                yield CodedArticle(w.article)
                continue
            try:
                if w.article.actors is not None:
                    events = self._code_hinted(w, docs.get(k, []))
                else:
                    events = self._code_sentences(w, docs.get(k, []))
                yield CodedArticle(w.article, tuple(w.sentences), tuple(self._with_sentence_class(events)))
            except Exception as e:  # noqa: BLE001 - recorded as a failure, the batch goes on
                log.warning("article %s failed in coding: %s", w.article.id, e)
                yield CodedArticle(w.article, tuple(w.sentences), (), _failure(w.article, "coding", e))

    # ---- hinted pairs --------------------------------------------------------------------
    def _code_hinted(self, w: _Work, docs: list[tuple[Sentence, Doc]]) -> list[Event]:
        from flashpoint.coding.features import GOVERNING_VERSION, arg_range, pair_features  # noqa: PLC0415

        art = w.article
        assert art.actors is not None
        sent, doc = docs[0]
        off = sent.start
        src = [(a - off, b - off) for a, b in art.actors.source]
        tgt = [(a - off, b - off) for a, b in art.actors.target]
        model = self.hinted_relation_model
        governing = model is not None and (model.meta or {}).get("features") == GOVERNING_VERSION
        feats, trig = pair_features(doc, src, tgt, self.lexicon, governing=governing)
        entry = None
        if trig is not None:
            from flashpoint.coding.extract import trigger_entry  # noqa: PLC0415

            entry = trigger_entry(trig, self.lexicon)
        window = (sent.text, arg_range(src, 0), arg_range(tgt, len(sent.text)))
        ptype, conf = self._type_pair(feats, entry, window=window, model=model)
        mentions = w.ctx.mentions.get(sent.index, []) if w.ctx else []
        source = _hint_ref(art.text, art.actors.source, mentions)
        target = _hint_ref(art.text, art.actors.target, mentions)
        if trig is None:
            trig_span = (art.actors.source or art.actors.target)[0]
            trigger = Trigger(art.text[trig_span[0] : trig_span[1]], trig_span)
        else:
            a = trig.idx + off
            trigger = Trigger(trig.text, (a, a + len(trig.text)))
        ev = self._build(w, sent, doc, trig, trigger, entry, ptype, conf, source, target)
        return [ev]

    def _type_pair(
        self, feats: list[str], entry: Any, weight: float | None = None, keep: frozenset[str] | set[str] = frozenset(),
        window: Any = None, model: Any = None,
    ) -> tuple[str, float]:
        """PLOVER type and confidence of a pair from the classifier (`model`, default the relation model) and
        the lexicon entry; `window` gives the pair's window embedding (text, first range, second range) for
        a model that reads it.

        A trigger whose lexicon type is in `keep` keeps it where the classifier reads the pair as
        cooperation (open coding: "youths demonstrated in Kagara" is no AID to Kagara)."""
        lw = self.config.lexicon_weight if weight is None else weight
        model = self.relation_model if model is None else model
        lex_type = entry.plover if entry is not None else None
        if model is None:
            return (lex_type or "CONSULT", 0.5 if lex_type else 0.1)
        dense = None
        if model.D is not None and window is not None:
            dense = self.encoder.window(*window)[None, :] * model.dense_scale
        probs = model.predict_proba([feats], dense)[0]
        scores = {c: float(p) for c, p in zip(model.classes, probs, strict=True)}
        if lex_type:
            key = "YIELD" if lex_type in YIELD_TYPES else lex_type
            if key in scores:
                scores[key] += lw
        best = max(sorted(scores), key=scores.__getitem__)
        if lex_type in keep and (best in COOPERATIVE or best == "YIELD"):
            best = lex_type
        conf = scores[best] / (1.0 + (lw if lex_type else 0.0))
        if best == "YIELD":
            best = lex_type if lex_type in YIELD_TYPES else "CONCEDE"
        return best, round(min(max(conf, 0.0), 1.0), 4)

    # ---- open coding ---------------------------------------------------------------------
    def _code_sentences(self, w: _Work, docs: list[tuple[Sentence, Doc]]) -> list[Event]:
        from flashpoint.coding.extract import blame_claims, find_candidates, modal_demands  # noqa: PLC0415
        from flashpoint.coding.features import pair_features  # noqa: PLC0415
        from flashpoint.coding.resolve import resolve_arg  # noqa: PLC0415
        from flashpoint.coding.roles import content_head, maker_of, owner_of, phrase_span  # noqa: PLC0415
        from flashpoint.coding.role_model import known_tokens, rechoose  # noqa: PLC0415
        from flashpoint.geo.places import find_places  # noqa: PLC0415

        art = w.article
        events: list[Event] = []
        mutual: set[tuple[int, int]] = set()  # triggers of fights two coordinated sides had with each other
        for sent, doc in docs:
            mentions = w.ctx.mentions.get(sent.index, [])
            cands = rechoose(
                doc, find_candidates(doc, self.lexicon), self.source_model, self.target_model,
                lambda: known_tokens(doc, mentions, sent.start, find_places(sent.text)),  # noqa: B023 - called at once
            ) + modal_demands(doc, self.lexicon) + blame_claims(doc, self.lexicon)  # grammatical constructions:
            # the learned role models do not revise them
            kinds = {c.trigger.i: c.entry.plover for c in cands}
            for cand in _with_conjuncts(cands, content_head):
                extra = cand.extra
                cand = cand.cand
                source = target = None
                s_span = t_span = None
                gathering = None
                if cand.source is None and cand.entry.plover == "PROTEST":
                    gathering = _held_gathering(cand.trigger)
                if gathering is not None:  # "protests were held in Erode": the people in them
                    cand = replace(cand, source=gathering)
                if cand.source is not None:
                    s_span = phrase_span(cand.source)
                    source = resolve_arg(cand.source, s_span, sent.start, art.text, mentions, w.ctx, sent.index)
                if cand.target is None and cand.entry.cameo.startswith(_RESTRICTIONS):
                    cand = replace(cand, target=_restricted_place(cand.trigger))  # "a curfew in Bangkok"
                cond = _condition_party(cand.trigger) if cand.target is None else None
                if cond is not None:  # "will not lift the embargo until Cuba undertakes reforms": Cuba
                    t_span = phrase_span(cond)
                    target = resolve_arg(cond, t_span, sent.start, art.text, mentions, w.ctx, sent.index)
                    cand = replace(cand, target=cond)
                maker = maker_of(cand.target, self.lexicon) if cand.target is not None and target is None else None
                if maker is not None and (cand.source is None or maker.i != cand.source.i):
                    # "condemned the continuing threats made by the US": the US
                    cand = replace(cand, target=maker)
                if cand.target is not None and target is None:
                    t_span = phrase_span(cand.target)
                    target = resolve_arg(cand.target, t_span, sent.start, art.text, mentions, w.ctx, sent.index)
                if _by_hazard(cand, source):
                    continue  # "floods killed 30 people", "Cyclone Idai hit Beira": harm done by no party is no event
                if _opposed_act(cand.trigger, cand.source):
                    continue  # "residents protested against the release of prisoners": they did not release anyone
                s_ok, t_ok = _actor_like(source, cand.source), _actor_like(target, cand.target)
                if cand.entry.plover == "PROTEST" and source is not None and _party_like(cand.source):
                    # whoever protests is a party: "market traders demonstrated", "a group of lawyers protested"
                    s_ok = True
                    if not source.sector:
                        source = replace(source, sector="CVL")
                partyless = not (s_ok or t_ok)
                if partyless and cand.entry.plover not in _PLACE_ONLY_TYPES:
                    continue
                if partyless and kinds.get(_relative_of(cand.trigger)) == cand.entry.plover:
                    continue  # "in a bombing that targeted his residence": the bombing's own act, told again
                if not s_ok and not _party_like(cand.source):
                    source, s_span = None, None
                if not t_ok and not _party_like(cand.target):
                    target, t_span = None, None
                    owner = owner_of(cand.target) if cand.target is not None else None
                    if owner is not None:  # "rejected the Kirkuk council decision": the council
                        o_span = phrase_span(owner)
                        o_ref = resolve_arg(owner, o_span, sent.start, art.text, mentions, w.ctx, sent.index)
                        if _actor_like(o_ref, owner):
                            target, t_span, t_ok = o_ref, o_span, True
                if gathering is not None and not (target is not None and (target.code or target.sector)):
                    target, t_span = None, None  # "protests were held in Erode city": a place is no party
                if extra == "source" and source is None or extra == "target" and target is None:
                    continue  # a coordinated party that is no party: the first conjunct's event stands alone
                if source is not None and target is not None and source.code and source.code == target.code and source.span == target.span:
                    # the target read inside the doer's own words ("Members of the military forces of Chile opened
                    # fire": Chile): no target, the act stands
                    target, t_span = None, None
                if s_span and t_span and gathering is None:  # a gathering's people protest, whoever at
                    feats, _ = pair_features(doc, [s_span], [t_span], self.lexicon)
                    keep = _UNCOOPERATIVE | ({"MOBILIZE"} if _locative(cand.target) else set())
                    if cand.trigger.tag_ == "MD":  # a modal demand (`extract.modal_demands`) is no agreement
                        keep = keep | {"REQUEST"}
                    if cand.trigger.tag_ in ("JJ", "IN"):  # a blame claim (`extract.blame_claims`) is an accusation
                        keep = keep | {"ACCUSE"}
                    ptype, conf = self._type_pair(feats, cand.entry, self.config.open_lexicon_weight, keep=keep)
                else:
                    ptype, conf = cand.entry.plover, 0.45
                if ptype == "PROTEST" and source is not None and (source.sector or "") in ARMED_SECTORS:
                    # "Taliban militants clashed with Afghan forces": armed men who clash fight, they do not riot
                    fight = self.lexicon.best(cand.entry.lemma, cand.entry.pos)
                    if fight is not None and fight.plover == "ASSAULT":
                        cand, ptype = replace(cand, entry=fight), "ASSAULT"
                if cand.entry.lemma in _ARRIVALS and source is not None and (source.sector or "") in ARMED_SECTORS:
                    # "Houthi reinforcements arrived in Hajjah", "Turkish troops arrived": armed men who arrive
                    # somewhere are deployed there, they do not visit
                    cand, ptype = replace(cand, entry=replace(cand.entry, cameo="154", plover="MOBILIZE",
                                                              mode="troops")), "MOBILIZE"
                t0 = cand.trigger.idx + sent.start
                trigger = Trigger(cand.trigger.text, (t0, t0 + len(cand.trigger.text)))
                if not (source and source.code) and not (target and target.code):
                    conf *= 0.7
                if partyless:
                    source = source if s_ok else None
                    target = target if t_ok else None
                ev = self._build(w, sent, doc, cand.trigger, trigger, cand.entry, ptype, conf, source, target)
                if ptype == "ASSAULT" and _sides_of_a_fight(cand, extra):
                    mutual.add(trigger.span)
                if (partyless or gathering is not None) and ev.location is None:
                    named = _named_place(cand.trigger, sent)  # a place the gazetteer does not know
                    if named is None and partyless:
                        continue  # "protests broke out" is an event only where the text says where
                    if named is not None:
                        ev = replace(ev, location=named)
                events.append(ev)
        from flashpoint.coding.fatalities import assign_fatalities  # noqa: PLC0415

        events = assign_fatalities(events, w.sentences)  # deaths told over several sentences of one incident
        events = merge_events(carry_targets(carry_doers(self._at_home(w, shared_locations(events, _settings(w))))))
        return [_home_side_first(e) if e.trigger.span in mutual else e for e in events]  # places are final now

    # ---- one record ----------------------------------------------------------------------
    def _build(
        self,
        w: _Work,
        sent: Sentence,
        doc: Doc,
        trig: Token | None,
        trigger: Trigger,
        entry: Any,
        ptype: str,
        conf: float,
        source: ActorRef | None,
        target: ActorRef | None,
    ) -> Event:
        from flashpoint.coding import ontology  # noqa: PLC0415
        from flashpoint.coding.fatalities import find_fatalities  # noqa: PLC0415
        from flashpoint.coding.modality import is_anonymous, read_modality  # noqa: PLC0415
        from flashpoint.coding.resolve import affiliation_of_anonymous, resolve_arg  # noqa: PLC0415
        from flashpoint.coding.roles import phrase_span  # noqa: PLC0415
        from flashpoint.nlp.dates import event_date  # noqa: PLC0415

        art = w.article
        mode = None
        if entry is not None and entry.plover == ptype:
            code, mode = entry.cameo, entry.mode
        else:
            code = ontology.default_cameo(ptype, None)
        modality, attribution = "asserted", None
        reporter_ref = None
        if trig is not None:
            reading = read_modality(trig)
            modality = reading.modality
            if reading.reporter is not None:
                r = reading.reporter
                rspan = phrase_span(r)
                mentions = w.ctx.mentions.get(sent.index, []) if w.ctx else []
                reporter_ref = resolve_arg(r, rspan, sent.start, art.text, mentions, w.ctx, sent.index)
                if is_anonymous(r) and not reporter_ref.code:
                    attribution = Attribution(reporter_ref.text, reporter_ref.span, "anonymous source", None)
                    reporter_ref = affiliation_of_anonymous(reporter_ref, w.ctx, sent.index, r, mentions, sent.start)
                else:
                    attribution = Attribution(reporter_ref.text, reporter_ref.span, reporter_ref.name or reporter_ref.text, reporter_ref.code)
            elif w.ctx is not None:
                attribution, reporter_ref = _quote_continuation(w, sent)
                if attribution is not None and modality == "asserted":
                    modality = "claimed"
        # "Bangladesh will not accept refugees", "they refused to end the strike": a cooperative act its doer
        # says it will not do is a rejection (PLOVER REJECT), not a negated concession; and where the type
        # classifier already read the negated act as REJECT, the negation is in the type, not the modality
        if modality == "negated" and source is not None and trig is not None and entry is not None and entry.plover in COOPERATIVE:
            if ptype == "REJECT" or (ptype in COOPERATIVE and (_refusal(trig) or _no_agreement(trig, entry))):
                ptype, code, mode, modality = "REJECT", ontology.default_cameo("REJECT", None), None, "asserted"
        # "Putin will meet Erdogan", "Japan pledged to provide aid": an act of cooperation its doer says it
        # will do is an expression of intent (CAMEO 03, PLOVER AGREE), as a future attack is a threat
        # (where the classifier already typed it AGREE, the future is in the type, not the modality)
        if modality == "future" and source is not None and trig is not None and _intent(trig):
            kind = entry.plover if ptype == "AGREE" and entry is not None else ptype
            if kind in _INTENT_CAMEO and (kind not in YIELD_TYPES or _intent(trig, _YIELD_INTENT_HEADS)):
                ptype, code, mode, modality = "AGREE", _INTENT_CAMEO[kind], None, "asserted"
        # "expressed Washington's desire for Iraq to play a stabilizing role": a wish that another party act is an
        # appeal to it (CAMEO 020), not the wisher's intent to cooperate (030)
        if ptype == "AGREE" and trig is not None and _wished_of(trig) is not None:
            ptype, code, mode = "REQUEST", "020", None
        # a future attack announced by the would-be attacker's side is a threat
        if modality == "future" and ptype in MATERIAL_CONFLICT and attribution is not None and reporter_ref is not None:
            if source is None or not source.code or source.code == reporter_ref.code:
                source = reporter_ref
                ptype, code, mode, modality = "THREATEN", ontology.default_cameo("THREATEN", None), None, "asserted"
        rel = trigger.span[0] - sent.start
        pub = art.pub_date()
        date, precision = event_date(sent.text, rel, pub)
        n = {"month": 7, "year": 4}.get(precision, 10)  # the period the date names ended before the report
        if modality in UNDONE and pub and date and date[:n] < pub[:n]:
            # a date before the report is no date of an act still to come ("anticipating an Iranian attack ... in
            # response to the killing of Haniyeh ... last week"): the report's
            date, precision = event_date("", 0, pub)
        names = [(m.start - sent.start, m.end - sent.start)
                 for m in (w.ctx.mentions.get(sent.index, []) if w.ctx else []) if " " in m.text]
        location = self._locate(sent, rel, source, target, trig, names, ptype, modality)
        fatalities = find_fatalities(sent.text) if ptype == "ASSAULT" else None
        plover_mode = mode
        cameo = ontology.to_cameo(code)
        acled = acled_rules(ptype, plover_mode, code, sent.text, source, target, fatalities)
        if self.acled_model is not None:  # the trained classifier, within what the PLOVER type allows
            from flashpoint.coding.acled_model import decide  # noqa: PLC0415

            acled = decide(
                self.acled_model, ptype, acled, sent.text, w.lead, self.config.acled_min_prob, mode=plover_mode,
                source_sector=source.sector if source else None, target_sector=target.sector if target else None,
            )
        eid = _event_id(self.version, art, sent.index, trigger, ptype, source, target)
        return Event(
            event_id=eid, article_id=art.id, sentence=sent, trigger=trigger,
            date=date, date_precision=precision,
            plover=Plover(ptype, plover_mode, ()), cameo=cameo, acled=acled,
            source=source, target=target, location=location, modality=modality,
            attribution=attribution, fatalities=fatalities, confidence=round(float(conf), 4),
            coder=self.coder_block(),
        )

    def _locate(self, sent: Sentence, rel: int, source: ActorRef | None, target: ActorRef | None, trig: Token | None,
                names: Sequence[tuple[int, int]] = (), ptype: str | None = None, modality: str = "asserted") -> Any:
        """Where the event happened: a place inside the trigger's phrase (the clause of its verb); a place that
        is part of an actor's name (`names`, sentence offsets: "the Islamic State of Iraq and Al-Sham") is none.
        An assault, coercion or deployment whose target is only a town or division happened there ("captured
        control of Gaza", "patrolled central Harare"), whatever word leads to it, unless the place on the act is
        in another country (then one of the two readings is wrong; the place on the act is kept). Else the
        sentence's opening place ("In Kabul, gunmen killed ..."); else, for a physical act, the place after "in",
        "at", "near" ... in its clause, wherever the parse hung it."""
        from flashpoint.geo.locate import event_location, finer_unknown, location_of  # noqa: PLC0415
        from flashpoint.geo.places import find_places  # noqa: PLC0415

        found = [p for p in find_places(sent.text)
                 if not any(a <= p.start and p.end <= b and b - a > p.end - p.start for a, b in names)]
        places = found
        if found and trig is not None:
            node = trig
            if not trig.tag_.startswith("VB") and trig.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and trig.head.tag_.startswith("VB"):
                node = trig.head
            places = self._places_under(node, found, sent)
            if not places and node.dep_ in ("xcomp", "advcl") and node.head.tag_.startswith("VB"):
                node = node.head
                places = self._places_under(node, found, sent)  # "gathered in Feira de Santana to protest"
            direct = [p for p in places if _directly_under(node, p.start)]
            # "in Tegucigalpa, residents protested against the burial of victims in Los Angeles cemetery": the
            # place the act itself is in, before one deeper in what it is about
            places = direct or places

        def place_only(r: ActorRef) -> bool:  # "organized a protest in Batumi", "attacked ... in Kunduz province"
            a, b = r.span[0] - sent.start, r.span[1] - sent.start
            return not (r.code or r.sector) and any(a <= p.start and p.end <= b for p in found)

        at = _place_target(target, sent, found) if ptype in _AT_TARGET or ptype == "PROTEST" and target is not None \
            and _THROUGH.search(sent.text, 0, target.span[0] - sent.start) else None
        actor_spans = [
            (r.span[0] - sent.start, r.span[1] - sent.start) for r in (source, target) if r is not None
            and not (r is target and place_only(r))  # a target that is a place is also where it happened
        ]
        loc = event_location(sent.text, rel, places, actor_spans=actor_spans) if places else None
        if at is not None and (loc is None or loc.country == at.place.country):
            loc = location_of(at)  # the place it was done to ("shelled Bara in Idleb": Bara, if in Idleb's country)
        if loc is None and trig is not None and ptype in _AT_TARGET:
            obj = self._object_place(trig, found, sent)
            loc = location_of(obj) if obj is not None else None  # "patrolled Harare Saturday", no party chosen
        if loc is None:
            loc = _setting_place(sent.text, found)
        if loc is None and ptype in ON_THE_GROUND and found:
            # a physical act with no place in its own phrase happened at its clause's place ("attacked a convoy,
            # killing 3 soldiers ..., in the Timurak areas of Charbolak district, Balkh"); not a place after "from",
            # "to", "on" (event_location F1 0.522 -> 0.537, and 0.533 with those too, precision 0.54 not 0.56).
            # An act still to come or on a condition, unless the aim of an act ("fired tear gas to disperse the
            # crowd"), did not happen where a done act it answers did ("anticipating an Iranian attack on Israel in
            # response to the killing of Haniyeh in the Iranian capital")
            off = _doc_offset(trig.doc, sent) if trig is not None else 0
            near = found if modality not in UNDONE or trig is None or infinitive_at(sent.text, rel) else [
                p for p in found
                if self._governed_by(trig, p.start - off) or self._governed_by(trig.sent.root, p.start - off)]
            loc = event_location(sent.text, rel, near, actor_spans=actor_spans, strict=True) if near else None
        if loc is None and target is not None:
            # "airstrikes in northern Afghanistan": a target coded as the country (CAMEO's reading) that is also
            # the only place said of where the act happened
            span = (target.span[0] - sent.start, target.span[1] - sent.start)
            loc = _locative_target(sent.text, span, found)
            if loc is None and ptype in _AT_TARGET and trig is not None \
                    and _acted_on(trig, span[0] - _doc_offset(trig.doc, sent)):
                loc = _country_target(sent.text, span, found)  # "captured one-third of Croatia"
        if loc is None:
            return None
        parties = [(r.span[0] - sent.start, r.span[1] - sent.start) for r in (source, target)
                   if r is not None and (r.code or r.sector or r.country)]  # an unresolved target may be the place
        loc = finer_unknown(sent.text, loc, found, parties)  # "at Maleley village in Garissa": Maleley
        return replace(loc, span=(loc.span[0] + sent.start, loc.span[1] + sent.start))


    def _at_home(self, w: _Work, events: list[Event]) -> list[Event]:
        """Give the parties with no country the country where their event happens (actors/home.py):
        the event's own place read consistently with the article, else the article's country."""
        from flashpoint.actors.home import article_votes, event_country, place_in  # noqa: PLC0415

        if not events:
            return events
        mentions = [m for ms in (w.ctx.mentions.values() if w.ctx else ()) for m in ms]
        home = article_votes((s.text for s in w.sentences), mentions)
        out = []
        for e in events:
            iso3 = event_country(e.location, home)
            if iso3 and e.location is not None and not e.location.country:
                # a place the gazetteer does not know ("near Zrybnivka") lies in the event's country
                e = replace(e, location=replace(e.location, country=iso3))
            elif iso3 and e.location is not None and e.location.country != iso3:
                # a name the article reads in its own country is that country's place ("Tripoli" in an article
                # on Beirut and Sidon), not the reading the sentence alone chose: the place and the parties agree
                e = replace(e, location=place_in(e.location, iso3))
            if iso3:
                # "armed men", "two groups" attacking there, "dozens of people", "taxi drivers" are local
                source = _local(self._home_country(e.source, iso3), iso3, e.plover.type in _LOCAL_DOER_TYPES)
                target = _local(self._home_country(e.target, iso3), iso3, False)
                e = replace(e, source=source, target=target)
            out.append(e)
        return out

    def _home_country(self, ref: ActorRef | None, iso3: str) -> ActorRef | None:
        """Who acts in a country with no country of their own belongs to it (documented heuristic,
        docs/actors.md "Home country"): a state, civilian or criminal agent ("police", "security forces",
        "residents", "gangs"), unnamed armed men ("unidentified gunmen", "militants"), and the fighters of
        a transnational group (Islamic State fighters in Afghanistan are its Afghan branch, code kept)."""
        if ref is None or ref.country:
            return ref
        if ref.code and ref.code.startswith("IMG"):
            return replace(ref, country=iso3)
        unnamed_armed = ref.sector == "REB" and not ref.code  # "unidentified gunmen", "militants"
        if not unnamed_armed and (ref.sector not in _HOME_SECTORS or (ref.code and ref.code[:3] != ref.sector)):
            return ref
        cameo = self.matcher.kb.cameo_of.get(iso3, iso3)
        return replace(ref, country=iso3, code=cameo + ref.sector)

    @staticmethod
    def _object_place(trig: Token, places: list[Any], sent: Sentence) -> Any:
        """The town or division (of `places`) that is the verb `trig`'s direct object, or None."""
        if not trig.tag_.startswith("VB"):
            return None
        doc_off = _doc_offset(trig.doc, sent)
        for p in places:
            tok = _token_at(trig.doc, p.start - doc_off) if p.place.kind != "country" else None
            while tok is not None and tok.dep_ == "compound":
                tok = tok.head
            if tok is not None and tok.dep_ in ("dobj", "npadvmod") and tok.head.i == trig.i:
                return p  # "npadvmod": "patrolled Harare/compound Saturday/npadvmod", the object misparsed
        return None

    def _places_under(self, node: Token, places: list[Any], sent: Sentence) -> list[Any]:
        """The places inside `node`'s phrase that hang from it without passing another event word."""
        doc_off = _doc_offset(node.doc, sent)
        lo = node.left_edge.idx + doc_off
        hi = node.right_edge.idx + len(node.right_edge.text) + doc_off
        return [p for p in places if p.start >= lo and p.end <= hi and self._governed_by(node, p.start)]

    def _governed_by(self, node: Token, start: int) -> bool:
        """The place at char `start` hangs from `node` without passing another event word."""
        from flashpoint.nlp.parse import lemma  # noqa: PLC0415

        tok = _token_at(node.doc, start)
        for _ in range(12):
            if tok is None or tok.i == node.i:
                return True
            if tok.head.i == tok.i:
                return False
            if tok.dep_ == "relcl":
                return False  # "drivers who transport goods from Turkey organized a protest": another clause
            tok = tok.head
            if tok.i == node.i:
                return True
            if tok.dep_ == "dobj" and tok.head.i == node.i:
                continue  # "organized a protest in Batumi": the act the light verb names
            if tok.dep_ == "pobj" and tok.head.lower_ in SETTING_PREPS and tok.head.head.i == node.i:
                continue  # "killed in an attack on their convoy in south Baghdad": the act it happened in
            pos = "VERB" if tok.tag_.startswith("VB") else "NOUN" if tok.tag_ in ("NN", "NNS") else None
            if pos and self.lexicon.entries_for(lemma(tok), pos):
                return False
        return False


def _doc_offset(doc: Doc, sent: Sentence) -> int:
    """Where the parsed `doc` (the sentence, or the part of it parsed) begins in the sentence's text."""
    from flashpoint.coding.role_model import table  # noqa: PLC0415

    doc_text = table(doc).text  # the doc's text, kept (Doc.text rebuilds it)
    return max(sent.text.find(doc_text) if doc_text != sent.text else 0, 0)


_AT_TARGET = {"ASSAULT", "COERCE", "MOBILIZE"}  # acts done at what they are done to: a place target is where
# words a place target may have beside its place: "central Harare", "the south-western parts of Idlib"
_PLACE_WORDS = re.compile(r"(?:the|['’]s|central|much|most|of|parts?|areas?|"
                          r"(?:north|south)(?:-?(?:east|west))?(?:ern)?|"
                          r"(?:east|west)(?:ern)?|downtown|streets?|suburbs?|outskirts|city|town|capital)$",
                          re.IGNORECASE)  # "downtown Monrovia", "London streets"
# "marched through Nairobi", "demonstrated in the centre of Athens": the protest's target is where it was
_THROUGH = re.compile(r"\b(?:through|across|around|in|into|along)\s+"
                      r"(?:(?:the|central|centre|center|heart|streets|outskirts|suburbs|downtown|of)\s+)*$")


def _place_target(target: ActorRef | None, sent: Sentence, found: Sequence[Any]) -> Any:
    """The town or division (a place of `found`) a target is at: the first one in a target that is no party
    ("a checkpoint in Kunduz province"); for a party, the one its words are, with at most a direction ("central
    Harare", "Gaza", "New Delhi" even where the capital also stands for its government); else None. Never a
    country here, where it would win over a finer place ("integration with Russia"): a country a force act is done to
    is its place only when nothing else is (`_country_target`)."""
    if target is None:
        return None
    a, b = target.span[0] - sent.start, target.span[1] - sent.start
    inside = [p for p in found if a <= p.start and p.end <= b]
    towns = [p for p in inside if p.place.kind != "country"]
    if not (target.code or target.sector):
        return towns[0] if towns else None
    p = _lone_place(sent.text, (a, b), found)
    return p if p is not None and p.place.kind != "country" else None


def _only_place_words(text: str, span: tuple[int, int], p: Any) -> bool:
    """The words at `span` of `text` are the place `p` with at most a direction or a part ("central Harare")."""
    return all(_PLACE_WORDS.match(w) for w in (text[span[0]:p.start] + " " + text[p.end:span[1]]).split())


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|across|throughout|inside|outside|around)\s+$", re.IGNORECASE)


def _lone_place(text: str, span: tuple[int, int], found: Sequence[Any]) -> Any:
    """The one place of `found` at `span` of the sentence `text`, with at most a direction or a part beside it
    ("northern Afghanistan", "one-third of Croatia"), or whose words hold the span's ("Venezuela" of "Venezuela's
    capital"), or None."""
    inside = [p for p in found if span[0] <= p.start and p.end <= span[1] or p.start <= span[0] and span[1] <= p.end]
    return inside[0] if len(inside) == 1 and _only_place_words(text, span, inside[0]) else None


def _locative_target(text: str, span: tuple[int, int], found: Sequence[Any]) -> Any:
    """The location of a target at `span` of the sentence `text` that is a locative phrase of one place of `found`
    with at most a direction or a part ("in northern Afghanistan", "in the south-western parts of Idlib"), or
    None."""
    p = _lone_place(text, span, found) if _LOCATIVE_BEFORE.search(text, max(0, span[0] - 12), span[0]) else None
    if p is None:
        return None
    from flashpoint.geo.locate import location_of  # noqa: PLC0415

    return location_of(p)


def _country_target(text: str, span: tuple[int, int], found: Sequence[Any]) -> Any:
    """The location of a target at `span` of the sentence `text` that is one country with at most a direction or a
    part ("bombed Yugoslavia", "captured one-third of Croatia"), or None."""
    p = _lone_place(text, span, found)
    if p is None or p.place.kind != "country":
        return None
    from flashpoint.geo.locate import location_of  # noqa: PLC0415

    return location_of(p)


_ONTO = frozenset({"over", "into", "off", "across", "throughout", "inside"})  # "patrolling off Somalia"


def _acted_on(trig: Token, start: int) -> bool:
    """The phrase at char `start` of the trigger's doc is what a verb trigger is done to: its object ("bombed
    Yugoslavia", "captured one-third of Croatia") or the object of "over", "into", "off" ... on it; not where
    from, to whom or against what ("captured the heights from Syria", "extradited to the United States")."""
    tok = _token_at(trig.doc, start)
    while tok is not None and tok.dep_ in ("compound", "det", "amod") and tok.head.i != tok.i:
        tok = tok.head
    if tok is None or not trig.tag_.startswith("VB"):
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "dobj":
        tok = tok.head.head  # "one-third of Croatia"
    elif tok.dep_ == "poss" and tok.head.dep_ == "dobj":
        tok = tok.head  # "patrolled Venezuela's major oil installations"
    if tok.dep_ == "dobj":
        return tok.head.i == trig.i
    return tok.dep_ == "pobj" and tok.head.lower_ in _ONTO and tok.head.head.i == trig.i


def _token_at(doc: Doc, start: int) -> Token | None:
    """The token that covers char `start` of `doc`."""
    return next((t for t in doc if t.idx <= start < t.idx + len(t.text)), None)


def _directly_under(node: Token, start: int) -> bool:
    """The place at char `start` is the object of a preposition on `node` itself, or of "the town (city,
    district, ...) of" in one ("in the town of Gjilan")."""
    tok = _token_at(node.doc, start)
    while tok is not None and tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    for _ in range(2):
        if tok is None or tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            return False
        prep = tok.head
        if prep.head.i == node.i:
            return True
        if prep.lower_ != "of":
            return False
        tok = prep.head  # "the town of X": the town's own preposition
    return False


# the first match wins: the most specific weapons first ("chemical shells", "suicide car bomb")
_WEAPONS = (
    ("chemical", "chemical"), ("chlorine", "chemical"), ("sarin", "chemical"), ("toxic gas", "chemical"),
    ("gas attack", "chemical"), ("suicide", "suicide"), ("grenade", "grenade"),
    ("airstrike", "air"), ("air strike", "air"), ("air raid", "air"), ("drone", "air"), ("warplane", "air"),
    ("jets", "air"), ("helicopter", "air"), ("bombard", "artillery"),
    ("shell", "artillery"), ("artillery", "artillery"), ("mortar", "artillery"), ("missile", "artillery"),
    ("rocket", "artillery"), ("ied", "ied"), ("roadside bomb", "ied"), ("landmine", "ied"), ("land mine", "ied"),
    ("car bomb", "ied"), ("bomb", "ied"), ("explosive", "ied"), ("blast", "ied"),
)


_CROWD_VIOLENCE = re.compile(
    r"\b(?:threw|throwing|hurled|pelted|pelting)\b.{0,40}\b(?:stones?|rocks?|bricks?|bottles?|petrol bombs?|molotov)"
    r"|\b(?:torched|set (?:fire|ablaze)|set \w+ on fire|burn(?:ed|t|ing) (?:tyres|tires|cars?|vehicles?|buildings?)"
    r"|vandali[sz]ed|looted|ransacked|rioted|rioters|clashed with (?:the )?(?:police|security forces|troops|soldiers))",
    re.I,
)
_INTERVENTION = re.compile(
    r"\b(?:dispersed|disperse|tear ?gas|rubber bullets|water cannons?|baton[- ]charged|cracked down|"
    r"(?:police|forces|troops|soldiers|authorities) (?:intervened|arrested|detained|fired|beat))\b",
    re.I,
)
_WEAPON_RES = tuple((re.compile(r"\b" + re.escape(word)), kind) for word, kind in _WEAPONS)
# any weapon word at all: most sentences name none, and one search then answers for all of them
_ANY_WEAPON = re.compile(r"\b(?:" + "|".join(re.escape(word) for word, _ in _WEAPONS) + ")")


_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})  # the parse has tags, not coarse POS


@dataclass(frozen=True)
class _Variant:
    """A candidate as coded: the rules' and models' choice, or one of its coordinated parties (`extra`)."""

    cand: Any
    extra: str | None = None  # None: the candidate itself; "source" / "target": that party is a conjunct;
    # "mutual": the two coordinated sides of a mutual act, one the source, the other the target


def _conjuncts(tok: Token | None, other: Token | None, trigger: Token) -> list[Token]:
    """The nouns coordinated with a party's head ("India and Pakistan", "Poland, Germany and Sweden")."""
    if tok is None:
        return []
    return [
        c for c in tok.conjuncts
        if c.tag_ in _NOUN_TAGS and c.i != trigger.i and (other is None or c.i != other.i)
    ]


def _with_conjuncts(cands: Iterable[Any], head: Any) -> Iterator[_Variant]:
    """Each candidate, then one more per party coordinated with its source or target.

    A sentence can yield several events: "Japan lifted sanctions on India and Pakistan" is one
    event with India and one with Pakistan, as PETRARCH and TABARI expand compound actors.
    """
    for cand in cands:
        cand = replace(cand, source=head(cand.source), target=head(cand.target))
        other = cand.target
        pair = None
        if other is None or subject_matter(other) or not personish(other) or in_locative(other):
            # no other party: none named, what the act is about, or where it happened ("clashed in Haveli
            # district")
            pair = mutual_pair(cand.trigger, cand.source)
        if pair is not None:  # "Israeli and Palestinian negotiators met", "reached a deal on X": one with the other
            yield _Variant(replace(cand, source=head(pair[0]), target=head(pair[1])), "mutual")
            continue
        yield _Variant(cand)
        if cand.source is not None and cand.target is not None and cand.target in cand.source.conjuncts:
            continue  # "Bahrain, Kuwait and the UAE agreed": which of them is the target is not in the text
        for c in _conjuncts(cand.target, cand.source, cand.trigger):
            yield _Variant(replace(cand, target=c), "target")
        for c in _conjuncts(cand.source, cand.target, cand.trigger):
            yield _Variant(replace(cand, source=c), "source")


_LOCATIVE = LOCATIVE_PREPS | {"along", "into"}  # where an event happens, its movement's goal and route included


def _locative(tok: Token | None) -> bool:
    """A party that is a place the event happens in ("reinforcements arrived in Dimnat Khadir district")."""
    return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE


_AREA_WORDS = frozenset({"province", "state", "region", "governorate", "oblast", "county", "department", "prefecture"})


def _named_place(trig: Token, sent: Sentence) -> Location | None:
    """A proper name after a locative preposition in the trigger's clause ("explosions near Serhiivka",
    "protests broke out in Wassit province") or, for a noun, anywhere in its own phrase ("shots involving
    small arms near Popasna"), for a place the gazetteer does not know: its words and span only, no
    coordinates."""
    from flashpoint.coding.roles import is_time_word, phrase_span  # noqa: PLC0415

    noun = not trig.tag_.startswith("VB")
    top = trig
    for _ in range(6):  # "a total of 76 explosions/shots involving small arms near X": the whole count's phrase
        if not noun or top.dep_ not in ("appos", "nmod", "compound", "pobj", "prep", "conj") \
                or top.head.i == top.i or top.head.tag_.startswith("VB"):
            break
        top = top.head
    node = top.head if noun and top.dep_ in ("nsubj", "nsubjpass", "dobj") else trig
    inside = {t.i for t in top.subtree} if noun else set()  # a noun's own phrase: "shots involving small arms near X"
    for tok in node.subtree:
        if tok.dep_ != "pobj":
            continue
        prep = tok.head
        if direction_of(prep):
            prep = prep.head  # "exploded north of Zrybnivka"
        elif prep.lower_ not in _LOCATIVE:
            continue
        if prep.head.i not in (node.i, trig.i) and tok.i not in inside:
            continue
        if is_time_word(tok.lower_, tok.tag_):
            continue  # "a suicide bombing in March": when, not where
        if tok.tag_ not in ("NNP", "NNPS") and not any(c.dep_ == "compound" and c.tag_ == "NNP"
                                                       and not is_time_word(c.lower_, c.tag_) for c in tok.children) \
                and not (tok.tag_ in ("NN", "NNS") and tok.text[:1].isupper()):  # "near Zaporozhets/NNS"
            continue
        a, b = phrase_span(tok)
        start, end = sent.start + a, sent.start + b
        words = sent.text[a:b]
        precision = "admin1" if tok.lower_ in _AREA_WORDS else "place"
        return Location(words, (start, end), words, precision=precision)
    return None


def _relative_of(trig: Token) -> int:
    """The noun a verb's relative clause is on when the clause's subject is the relative pronoun ("a bombing that
    targeted his residence": the bombing), else -1."""
    if trig.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which")
                                    for c in trig.children):
        return trig.head.i
    return -1


_WISHES = frozenset({"desire", "hope", "wish", "wishes", "hopes"})


def _wished_of(trig: Token) -> Token | None:
    """The party a stated wish is that it act: "expressed Washington's desire for Iraq to play a role" -> Iraq
    (the wish's infinitive clause, with "for" and a subject of its own); else None."""
    for obj in trig.children:
        if obj.dep_ == "dobj" and obj.lower_ in _WISHES:
            for clause in obj.children:
                if clause.dep_ in ("acl", "advcl", "relcl") and any(c.dep_ == "mark" and c.lower_ == "for"
                                                                    for c in clause.children):
                    return next((c for c in clause.children if c.dep_ == "nsubj"), None)
    return None


def _intent(trig: Token, heads: frozenset[str] | set[str] = _INTENT_HEADS) -> bool:
    """A future act stated by its doer: "will meet", "pledged to provide" (not "could", "was urged to")."""
    from flashpoint.coding.modality import FUTURE_AUX  # noqa: PLC0415
    from flashpoint.nlp.parse import lemma  # noqa: PLC0415

    if trig.dep_ == "xcomp" and lemma(trig.head) in heads:
        return True
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX and c.lower_ != "wo" for c in trig.children)  # not "won't"


def _refusal(trig: Token) -> bool:
    """A negated act stated as intent, not as fact: "will not / won't / would never accept", "refused to end"
    ("did not release" is a negated fact and stays so)."""
    from flashpoint.coding.modality import FUTURE_AUX  # noqa: PLC0415
    from flashpoint.nlp.parse import lemma  # noqa: PLC0415

    if trig.dep_ == "xcomp" and lemma(trig.head) in _REFUSE:
        return True
    return any(c.dep_ == "aux" and (c.lower_ in FUTURE_AUX or c.lower_ == "would") for c in trig.children)


def _no_agreement(trig: Token, entry: Any) -> bool:
    """Failing to agree is rejecting (PLOVER REJECT): "failed to reach agreement on North Korea's
    denuclearisation", "failed to agree on a budget"; failing to do anything else is a negated act."""
    from flashpoint.nlp.parse import lemma  # noqa: PLC0415

    return entry.plover in ("AGREE", "SUPPORT") and trig.dep_ == "xcomp" and lemma(trig.head) == "fail"


def _text_date(sents: list[Sentence]) -> str | None:
    """Without a publication date, actors' roles are read at the first full date the text gives
    ("On 30 April 2020, ..."), not today."""
    from flashpoint.nlp.dates import find_dates  # noqa: PLC0415

    for s in sents[:3]:
        for m in find_dates(s.text, None):
            if m.precision == "day":
                return m.date
    return None


def acled_rules(
    ptype: str, mode: str | None, code: str, text: str,
    source: ActorRef | None, target: ActorRef | None, fatalities: int | None,
) -> Any:
    """The rules' ACLED reading of an event (ontology.acled_for) from its PLOVER type, mode and CAMEO
    code, its parties' sectors, and what its sentence says: weapon, crowd violence, intervention."""
    from flashpoint.coding import ontology  # noqa: PLC0415

    return ontology.acled_for(
        ptype, mode, code,
        source_sector=source.sector if source else None,
        target_sector=target.sector if target else None,
        weapon=_weapon(text), fatalities=fatalities,
        crowd_violence=ptype == "PROTEST" and bool(_CROWD_VIOLENCE.search(text)),
        intervention=ptype == "PROTEST" and bool(_INTERVENTION.search(text)),
    )


def _weapon(text: str) -> str | None:
    """The weapon a sentence names, matched at word starts ("carried" is no IED, "shelling" is a shell)."""
    low = text.lower()
    if not _ANY_WEAPON.search(low):
        return None
    for pattern, kind in _WEAPON_RES:
        if pattern.search(low):
            return kind
    return None


def _actor_like(ref: ActorRef | None, head: Token | None) -> bool:
    if ref is None:
        return False
    if ref.code or ref.sector:
        return True
    if head is None:
        return False
    return head.tag_ in ("NNP", "NNPS") or head.lower_ in PERSON_WORDS


_ARRIVALS = frozenset({"arrive"})  # lexicon lemmas of a visit that armed men make a deployment
_STRONG_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "THREATEN", "SANCTION"})
_FORCED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
_UNCOOPERATIVE = frozenset({"ASSAULT", "COERCE", "PROTEST"})
_ARMED = frozenset({"MIL", "COP", "SPY", "PKO", "REB", "INS", "SEP", "UAF", "IMG", "CRM"})  # ontology.ARMED_SECTORS  # (troops deployed may be aid: peacekeepers)


def _settings(w: _Work) -> dict[int, Location]:
    """The opening place of each sentence that has one (`_setting_place`), by sentence index, in article offsets."""
    from flashpoint.geo.places import find_places  # noqa: PLC0415

    out: dict[int, Location] = {}
    for sent in w.sentences:
        if opening_setting(sent.text) is None:
            continue
        loc = _setting_place(sent.text, find_places(sent.text))
        if loc is not None:
            out[sent.index] = replace(loc, span=(loc.span[0] + sent.start, loc.span[1] + sent.start))
    return out


def _setting_place(text: str, found: Sequence[Any]) -> Any:
    """The sentence's opening place ("On 6 May 2020, in Acapulco, Guerrero, two armed men ... carried out a
    drive-by shooting"; "In Kabul, gunmen killed ..."): its first place mention, as a location (sentence
    offsets); None without such an opening."""
    from flashpoint.geo.locate import location_of  # noqa: PLC0415

    setting = opening_setting(text)
    if setting is None:
        return None
    first = next((p for p in found if setting[0] <= p.start and p.end <= setting[1]), None)
    return None if first is None else location_of(first)


def _sides_of_a_fight(cand: Any, extra: str | None) -> bool:
    """The candidate's two parties are the coordinated sides of a mutual act (`roles.mutual_pair`), whichever
    step paired them, and no "between" orders them ("a clash between X and Y" keeps the text's order)."""
    if cand.source is None or cand.target is None or between_parties(cand.trigger)[0] is not None:
        return False
    if extra == "mutual":
        return True
    pair = mutual_pair(cand.trigger, cand.source)
    return pair is not None and pair[1].i == cand.target.i


def _home_side_first(ev: Event) -> Event:
    """A fight two coordinated sides had with each other ("military forces of India and Pakistan exchanged
    fire", "Indian and Pakistani troops clashed") names neither as the one who began it; its source is the side
    fighting in its own country, as ACLED lists a mutual battle's actors (all 16 India-Pakistan exchanges of
    the ACLED notes, "Burundian and Rwandan soldiers clashed" in Burundi), else the first named. (The caller
    keeps the order of "a clash between X and Y": ACLED's note in Nepal lists the Indian nationals first.)"""
    s, t, loc = ev.source, ev.target, ev.location
    if s is None or t is None or loc is None or not loc.country or s.country == loc.country or t.country != loc.country:
        return ev
    return replace(ev, source=t, target=s)


def _local(ref: ActorRef | None, iso3: str, doer: bool) -> ActorRef | None:
    """A party that resolved to nothing (no code, sector or country) takes the country `iso3` where it
    acts when it is the unnamed `doer` of a local act or named only by role words."""
    if ref is None or ref.code or ref.sector or ref.country or not (doer or _unnamed_people(ref)):
        return ref
    return replace(ref, country=iso3)


def _unnamed_people(ref: ActorRef) -> bool:
    """A party named only by a role or group word ("dozens of people", "taxi drivers", "The families"), a
    gathering that stands for the people in it ("a mass demonstration ... denouncing HTS' plans"), or a
    "they" that resolved to no one named before: people of the place where they act."""
    words = ref.text.split()
    if not words or any(w[:1].isupper() for w in words[1:]):
        return False
    last = words[-1].lower()
    if last in _OTHER_STATES:
        return False  # "attacking the countries of the region": states, not people of the place
    return last in PERSON_WORDS or last in _GATHERINGS or (len(words) == 1 and last in _PLURAL_PRONOUNS)


_OTHER_STATES = frozenset({"countries", "states", "nations"})


def _held_gathering(trig: Token) -> Token | None:
    """A gathering said to be held, or to break out, with no one named as holding it ("protests were held in
    Erode city", "large protests broke out in Wassit province"), for a trigger that is the gathering or the
    holding verb: the gathering, which stands for its people. None otherwise."""
    from flashpoint.nlp.parse import lemma  # noqa: PLC0415

    if trig.tag_.startswith("VB"):
        verb = trig
        gathering = next((c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _GATHERINGS),
                         None)
    else:
        gathering = held = trig
        if trig.dep_ == "pobj" and trig.head.lower_ == "of" and trig.head.head.lower_ in _SERIES:
            held = trig.head.head  # "a series of one-man pickets was organized"
        verb = held.head
        if trig.lower_ not in _GATHERINGS or held.dep_ not in ("nsubj", "nsubjpass") or not verb.tag_.startswith("VB"):
            return None
    if gathering is None or lemma(verb) not in _HOLDING_VERBS or any(c.dep_ == "agent" for c in verb.children):
        return None
    return gathering


_HOLDING_VERBS = frozenset({"hold", "organize", "organise", "stage", "break", "erupt", "take", "begin", "continue",
                            "start"})
_GATHERINGS = frozenset({"demonstration", "demonstrations", "protest", "protests", "rally", "rallies", "march",
                         "marches", "sit-in", "sit-ins", "gathering", "gatherings", "procession", "vigil", "picket",
                         "pickets"})
_SERIES = frozenset({"series", "wave", "number", "string", "spate", "round", "chain"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "we"})


_PLACE_ONLY_TYPES = {"PROTEST", "ASSAULT"}  # events kept without parties when the text gives their place
_LOCAL_DOER_TYPES = {"ASSAULT", "PROTEST", "COERCE"}  # an unidentified doer of these acts where it happens
_HOME_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "CVL", "OPP", "MED", "EDU", "BUS", "REL", "LAB", "AGR", "HLH", "REF", "SPY", "CRM"}
_NOT_PARTIES = {
    "escalation", "role", "response", "way", "time", "effort", "efforts", "step", "steps", "part", "situation",
    "issue", "issues", "matter", "need", "plan", "plans", "decision", "report", "statement", "move", "moves",
    "idea", "possibility", "chance", "attempt", "process", "talks", "meeting", "deal", "agreement", "peace",
    "stability", "security", "support", "aid", "help", "violence", "tension", "tensions", "crisis", "war",
    "conflict", "fighting", "attack", "attacks", "action", "measures", "what", "this", "that", "which", "who",
    "event", "events", "incident", "incidents", "act", "acts",  # "this event happened because of ..."
    "honor", "honour", "dignity", "sovereignty",  # "committed to defend their honor": a value, no party
}


# Natural hazards, diseases and accidents: the harm they do is no political event ("an earthquake struck
# the province, killing 20", "the virus has killed 300", "a bus crash killed 14"). Weapons stay doers of
# attacks ("a roadside bomb killed three soldiers", "an explosion at a market killed five").
HAZARD_WORDS = frozenset({
    "earthquake", "quake", "tremor", "aftershock", "tsunami", "flood", "flooding", "floodwater", "deluge",
    "storm", "rainstorm", "thunderstorm", "snowstorm", "hailstorm", "sandstorm", "hurricane", "typhoon",
    "cyclone", "tornado", "rain", "rainfall", "downpour", "monsoon", "snow", "snowfall", "blizzard",
    "avalanche", "landslide", "landslip", "mudslide", "drought", "heatwave", "lightning", "volcano",
    "eruption", "wildfire", "bushfire", "virus", "coronavirus", "covid", "covid-19", "disease", "outbreak",
    "epidemic", "pandemic", "cholera", "ebola", "measles", "malaria", "flu", "influenza", "famine",
    "crash", "accident", "collision", "derailment", "stampede", "collapse",
})
# a fire or blaze is an accident unless someone's fire: "Israeli fire", "sniper fire", "army fire"
_FIRE_WORDS = frozenset({"fire", "blaze", "inferno"})
_FIRE_SHOOTERS = frozenset({
    "gun", "sniper", "tank", "artillery", "mortar", "machine", "machine-gun", "rocket", "army", "police",
    "enemy", "government", "rebel", "militant", "security", "hostile", "friendly", "heavy", "automatic",
    "small", "cross", "live", "gunmen", "troops", "forces",
})
_HAZARD_PREPS = frozenset({"in", "by"})


def _hazard_word(tok: Token) -> bool:
    """A noun phrase headed (or compounded, "Cyclone Idai") by a hazard word; a fire only with no shooter."""
    lower = tok.lower_  # (spaCy's lemma is empty: the pipeline has no lemmatizer; `_is_hazard` reads plurals)
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return False  # "a storm of protest", "a flood of refugees"
    if lower in _FIRE_WORDS:
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        return not any(m.lower_ in _FIRE_SHOOTERS or m.tag_ in ("NNP", "NNPS", "PRP$") for m in mods)
    if _is_hazard(lower):
        return True
    return tok.tag_ in ("NNP", "NNPS") and any(c.dep_ == "compound" and _is_hazard(c.lower_) for c in tok.children)


def _is_hazard(word: str) -> bool:
    return word in HAZARD_WORDS or (word.endswith("s") and word[:-1] in HAZARD_WORDS)


def _by_hazard(cand: Any, source: ActorRef | None) -> bool:
    """The act's doer is a natural hazard, a disease or an accident (no actor recognised in it), or it has no
    doer and happened "in" or "by" one ("20 people were killed in the floods"), or it is done to one ("measures
    imposed to battle the coronavirus", "fight the pandemic": no party is attacked)."""
    if cand.entry.plover not in ("ASSAULT", "COERCE"):
        return False
    if any(_hazard_done_to(t) for t in (cand.target, *(c for c in cand.trigger.children if c.dep_ == "dobj"))
           if t is not None):
        return True
    if cand.source is not None:
        return not (source is not None and source.code) and _hazard_word(cand.source)
    for prep in cand.trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in _HAZARD_PREPS:
            if any(o.dep_ == "pobj" and _hazard_word(o) for o in prep.children):
                return True
    return False


def _hazard_done_to(tok: Token) -> bool:
    """The word an act is done to is itself a hazard or disease ("battle the coronavirus", "the explosion of Taal
    Volcano"); not fire, which is what is shot ("opened fire", "exchanged fire"), nor a name with a hazard word in
    front ("North Korea's Storm Corps")."""
    return tok.lower_ not in _FIRE_WORDS and _is_hazard(tok.lower_) and _hazard_word(tok)


_RESTRICTIONS = ("172", "191")  # CAMEO: administrative sanctions (curfew, martial law), blockades and sieges


def _restricted_place(trigger: Token) -> Token | None:
    """Where a restriction is imposed, for its target (PLV's: the people there): "extend the curfew in Bangkok",
    "declared a state of siege in the town", "imposed blockades in the worst-damaged areas". The "in" phrase of
    the trigger or of the phrase and verb it is the object of."""
    node = trigger
    for _ in range(4):
        for c in node.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                return obj if obj is not None and _party_like(obj) and not is_time(obj) else None
        if node.tag_.startswith("VB") or node.dep_ not in ("dobj", "pobj", "prep", "nsubjpass", "compound"):
            return None
        node = node.head
    return None


def _condition_party(trigger: Token) -> Token | None:
    """The party a refusal or a threat is held against: the subject of its "until" / "unless" clause ("will
    not end the strike until the authorities fulfill its demands", "would allow refugees into Europe unless
    the EU provided more support"). Only for a negated act ("until" with an act that goes ahead is a
    time) or an "unless"; None when the clause's subject is no party-like noun ("until compensation is
    paid" has none)."""
    negated = any(c.dep_ == "neg" for c in trigger.children) or any(
        c.dep_ == "neg" for c in trigger.head.children if trigger.dep_ in ("xcomp", "dobj") and trigger.head.tag_.startswith("VB"))
    heads = [trigger] + [c for c in trigger.children if c.dep_ in ("ccomp", "acl", "xcomp")]  # "threats that he would ..."
    for clause in (c for h in heads for c in h.children):
        if clause.dep_ != "advcl":
            continue
        mark = next((c.lower_ for c in clause.children if c.dep_ == "mark"), None)
        if mark == "unless" or (negated and mark in ("until", "till")):
            subj = direct_subject(clause)
            if subj is not None and subj.tag_ in ("NNP", "NNPS", "NN", "NNS") and _party_like(subj):
                return subj
    return None


def _opposed_act(trigger: Token, source: Token | None) -> bool:
    """A nominal act that a party is against ("protested against the release of prisoners", "a campaign
    against the demolition") or condemns ("the United States condemned the attack"), its doer read from
    outside its own phrase: that party opposes the act, it does not do it. An act whose doer is named in
    its phrase ("against Israel's release of ...", "condemned the attack by militants") stays."""
    from flashpoint.nlp.parse import lemma  # noqa: PLC0415

    if source is None or not trigger.tag_.startswith("NN"):
        return False
    if trigger.dep_ == "pobj":
        if trigger.head.lower_ not in ("against", "over"):
            return False
    elif not (trigger.dep_ == "dobj" and lemma(trigger.head) in _CONDEMNING):
        return False
    return not (trigger.left_edge.i <= source.i <= trigger.right_edge.i)


_CONDEMNING = frozenset({"condemn", "denounce", "criticise", "criticize", "deplore", "decry", "slam", "blast",
                         "oppose", "protest"})


def _party_like(head: Token | None) -> bool:
    """A noun phrase that can be a party even though no actor is recognised in it."""
    if head is None or not head.tag_.startswith(("NN", "PRP", "CD")):
        return False
    return head.lower_ not in _NOT_PARTIES




def _quote_continuation(w: _Work, sent: Sentence) -> tuple[Attribution | None, ActorRef | None]:
    """A sentence that is all quotation, right after an attributed quote, keeps that attribution."""
    t = sent.text.strip()
    if not t or t[0] not in "\"“" or sent.index == 0:
        return None, None
    prev = w.sentences[sent.index - 1]
    m = re.search(r"[\"”]\s*,?\s*(.{1,60}?)\s+(said|added|told|says)\b", prev.text)
    if not m:
        return None, None
    who = m.group(1)
    a = prev.start + m.start(1)
    span = (a, a + len(who))
    anon = who.lower().split()[-1] in {"commander", "source", "official", "spokesman", "sources", "officials"}
    if anon:
        from flashpoint.coding.resolve import affiliation_of_anonymous  # noqa: PLC0415

        ref = affiliation_of_anonymous(ActorRef(who, span), w.ctx, prev.index)
        return Attribution(who, span, "anonymous source", None), ref
    mentions = w.ctx.mentions.get(prev.index, [])
    for mm in mentions:
        if mm.start >= span[0] and mm.end <= span[1]:
            ref = ActorRef(who, span, mm.name, mm.code, mm.country, mm.sector)
            return Attribution(who, span, mm.name or who, mm.code), ref
    return Attribution(who, span, who, None), ActorRef(who, span)


def _hint_ref(text: str, spans: tuple[tuple[int, int], ...], mentions: list[Any]) -> ActorRef | None:
    """The party a hint names (its first span); None for a role the hints leave empty."""
    if not spans:
        return None
    a, b = spans[0]
    for m in mentions:
        if m.start < b and m.end > a and m.code:
            return ActorRef(text[a:b], (a, b), m.name, m.code, m.country, m.sector)
    return ActorRef(text[a:b], (a, b))


def _event_id(version: str, art: Article, sidx: int, trig: Trigger, ptype: str, s: ActorRef | None, t: ActorRef | None) -> str:
    key = "|".join(
        str(x) for x in (version, art.content_hash or art.id, art.id, sidx, trig.span, ptype, s.span if s else None, t.span if t else None)
    )
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def _failure(art: Article, stage: str, e: Exception) -> Failure:
    return Failure(art.id, stage, type(e).__name__, str(e) or repr(e), art.origin)


def _round(p: float | None) -> float | None:
    return round(p, 4) if p is not None else None


def _configured_or_bundled(configured: str | None, bundled: Path, load: Callable[[Path], Any]) -> Any:
    """The model file the configuration names (a missing or unreadable one raises the loader's InputError
    naming it), else the bundled file, else False: no model."""
    if configured:
        return load(Path(configured))
    return load(bundled) if bundled.exists() else False
