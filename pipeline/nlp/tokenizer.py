"""The normtrace tokenizer: UN document symbols kept whole, footnote markers split off.

Registered as ``normtrace.tokenizer.v1`` for the pipeline's config (``language.py``);
``make_tokenizer()`` gives it alone, for the topic model's features.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, registry

from pipeline.lexicon import SYMBOL_TOKEN_RE
from pipeline.nlp.extensions import TEXT_KEY

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
