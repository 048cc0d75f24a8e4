"""Imported by the fork server of a corpus build, and by nothing else (issue 26).

Importing this module builds the NLP pipeline (spaCy and the topic model) in the fork
server and reads a short text through it, once: every worker forked from the server
starts with it loaded and warm (its pages shared until written), instead of each worker,
and each pool a budget rebuilds, loading it again.

Then the objects loaded so far are moved out of the garbage collector's reach
(``gc.freeze``): a worker's full collections would otherwise walk the ~220,000 objects of
the pipeline again and again, and write to each one's header, which copies the shared
pages into every worker (2 workers on 63 PDFs, load 6-9: 46,700 page faults a round and
1.33x the CPU time one process spends reading them; with the warm text and the freeze,
17,300 and 1.13x; the 249 PDFs: all processes of a 2-worker build spend 1.11x the CPU
time of one process). ``pipeline.corpus.workers`` names this module in the server's
preload list.
"""

from __future__ import annotations

import gc

from pipeline.corpus.workers import warm_reader

warm_reader()
gc.collect()
gc.freeze()
