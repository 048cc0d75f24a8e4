"""Build the normtrace spaCy pipeline (a ``Language``) from its config.

``build_nlp()`` gives a blank English pipeline (no model download) with our tokenizer
and components. ``build_nlp("en_core_web_sm")`` loads an installed trained pipeline and
adds our components after its own, so our labels take precedence over its entities.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.util import load_config_from_str, load_model_from_config

import pipeline.nlp.components  # noqa: F401  (registers the factories)
from pipeline.nlp.tokenizer import customise_tokenizer

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


def build_nlp(model: str | None = None, *, topic_model: str = "auto") -> Language:
    """Return the normtrace pipeline.

    Args:
        model: None for a blank English pipeline built from ``CONFIG``; otherwise the
            name or path of an installed trained pipeline (e.g. "en_core_web_sm") whose
            components run first, followed by ours.
        topic_model: The clause reader's topic model: "auto" (models/topic_model.npz
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
