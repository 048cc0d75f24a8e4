"""Build the normtrace spaCy pipeline from its config.

``build_nlp()`` gives a blank English pipeline (no model download) with our tokenizer
and components. ``build_nlp("en_core_web_sm")`` loads an installed trained pipeline and
adds our components after its own, so our labels take precedence over its entities.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, load_config_from_str, load_model_from_config, registry

import pipeline.nlp.components  # noqa: F401  (registers the factories)
from pipeline.lexicon import SYMBOL_TOKEN_RE
from pipeline.nlp.extensions import TEXT_KEY

COMPONENTS = (
    "normtrace_gazetteer",
    "normtrace_symbols",
    "normtrace_res_refs",
    "normtrace_dates",
    "normtrace_votes",
    "normtrace_entities",
    "normtrace_clauses",
)
CONFIG = """
[nlp]
lang = "en"
pipeline = [{pipeline}]

[nlp.tokenizer]
@tokenizers = "normtrace.tokenizer.v1"

[components]
{components}
""".format(
    pipeline=", ".join(f'"{name}"' for name in COMPONENTS),
    components="\n".join(f'[components.{name}]\nfactory = "{name}"\n' for name in COMPONENTS),
)
# A footnote marker fused after punctuation ("Secretary-General,1", "report.2") is split
# off so that names before it still match.
_MARKER_INFIX = r"(?<=[A-Za-z])[,.;:](?=[0-9])"


def customise_tokenizer(tokenizer: Tokenizer) -> Tokenizer:
    """Keep UN document symbols whole and split footnote markers fused to punctuation.

    Args:
        tokenizer: A spaCy tokenizer (from a blank or a trained English pipeline).

    Returns:
        The same tokenizer, changed in place.
    """
    tokenizer.token_match = SYMBOL_TOKEN_RE.match
    infixes = [*English.Defaults.infixes, _MARKER_INFIX]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return tokenizer


class TextKeepingTokenizer(Tokenizer):  # type: ignore[misc]  # (Cython, untyped)
    """spaCy's tokenizer that also keeps the text it was given in ``doc.user_data``.

    Our components search the text of every Doc, and ``doc.text`` rebuilds it from the
    tokens on each call (a tenth of the pipeline's time); ``extensions.doc_text`` reads
    the kept copy instead. spaCy guarantees that ``doc.text`` is the text tokenized.
    """

    def __call__(self, text: str) -> Doc:
        doc: Doc = super().__call__(text)
        doc.user_data[TEXT_KEY] = text
        return doc


@registry.tokenizers("normtrace.tokenizer.v1")  # type: ignore[untyped-decorator]
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Return spaCy's default tokenizer factory, made text-keeping and customised."""
    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        base = default(nlp)
        keeping = TextKeepingTokenizer(
            nlp.vocab,
            rules=base.rules,
            prefix_search=base.prefix_search,
            suffix_search=base.suffix_search,
            infix_finditer=base.infix_finditer,
            token_match=base.token_match,
            url_match=base.url_match,
            faster_heuristics=base.faster_heuristics,
        )
        return customise_tokenizer(keeping)

    return make


def make_tokenizer() -> Tokenizer:
    """Return the tokenizer of ``build_nlp()`` alone, on a blank English vocabulary."""
    nlp = spacy.blank("en")  # first: it registers spaCy's own tokenizer factory
    return create_tokenizer()(nlp)


def build_nlp(model: str | None = None, *, topic_model: str = "auto") -> Language:
    """Return the normtrace pipeline.

    Args:
        model: None for a blank English pipeline built from ``CONFIG``; otherwise the
            name or path of an installed trained pipeline (e.g. "en_core_web_sm") whose
            components run first, followed by ours.
        topic_model: The clause reader's topic model: "auto" (models/topic_model.skops
            when present), "none" (the keyword baseline) or the path of a model file.

    Returns:
        The ``Language`` object; call ``nlp.pipe(texts)`` on paragraph texts.

    Raises:
        OSError: When ``model`` is not installed.
    """
    clause_config = {"topic_model": topic_model}
    if model is None:
        config = load_config_from_str(CONFIG)
        config["components"]["normtrace_clauses"].update(clause_config)
        return load_model_from_config(config, auto_fill=True)
    nlp = spacy.load(model)
    customise_tokenizer(nlp.tokenizer)
    for name in COMPONENTS:
        nlp.add_pipe(name, config=clause_config if name == "normtrace_clauses" else {})
    return nlp
