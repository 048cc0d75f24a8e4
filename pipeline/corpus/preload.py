"""Imported by the fork server of a corpus build, and by nothing else (issue 26).

Importing this module builds the NLP pipeline (spaCy and the topic model) in the fork
server, once: every worker forked from the server starts with it loaded (its pages
shared until written), instead of each worker, and each pool a budget rebuilds,
loading it again. ``pipeline.corpus.workers`` names it in the server's preload list.
"""

from __future__ import annotations

from pipeline.nlp.extract import default_nlp

default_nlp()
