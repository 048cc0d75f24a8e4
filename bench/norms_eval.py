"""Precision and recall of the norm tracker per relation on the labelled splits (issue 22).

Reads models/data/norms_labels.csv (labels made by reading the texts) and prints, for the
split asked (dev while tuning; test only once the rules are fixed), per relation the
predicted and gold counts with precision and recall. ``--similarity`` picks the
paraphrase strategy (none, or wordllama when the norms-embed extra is installed).

    .venv/bin/python bench/norms_eval.py --split dev
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from pipeline.compare.norms import NormIndex, Similarity, match_document
from pipeline.ingest import load_document
from pipeline.ingest.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
RELATIONS = ("identical", "reworded", "partial", "new")


def evaluate(
    corpus: Path, catalogue: Path, split: str, similarity: Similarity | None = None
) -> dict[str, tuple[int, int, int]]:
    """Per relation (and ``any``): true positives, predicted, gold on one split."""
    cat = load_catalogue(catalogue)
    index = NormIndex.build([(cat.name, [(n.norm_id, n.text) for n in cat.norms])])
    gold: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    labelled: dict[str, set[str]] = defaultdict(set)
    with (ROOT / "models/data/norms_labels.csv").open(newline="") as fp:
        for row in csv.DictReader(fp):
            if row["split"] != split:
                continue
            labelled[row["document"]].add(row["paragraph_id"])
            if row["relation"] != "none":
                gold[row["relation"]].add((row["document"], row["paragraph_id"], row["norm_id"]))
    predicted: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for doc, ids in labelled.items():
        report = match_document(load_document(corpus / doc), index, similarity=similarity)
        for m in report.matches:
            if m.paragraph_id in ids:
                predicted[m.relation].add((doc, m.paragraph_id, m.norm_id))
        for pid in report.new:
            if pid in ids:
                predicted["new"].add((doc, pid, ""))
    out = {}
    for rel in RELATIONS:
        out[rel] = (len(gold[rel] & predicted[rel]), len(predicted[rel]), len(gold[rel]))
    g_any = {k for r in RELATIONS for k in gold[r]}
    p_any = {k for r in RELATIONS for k in predicted[r]}
    out["any"] = (len(g_any & p_any), len(p_any), len(g_any))
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=ROOT.parent / "shared/corpus")
    parser.add_argument("--catalogue", type=Path, default=ROOT.parent / "shared/norms/gge_2015.csv")
    parser.add_argument("--split", action="append", choices=["dev", "test"])
    parser.add_argument("--similarity", choices=["none", "wordllama"], default="none")
    args = parser.parse_args()
    similarity = None
    if args.similarity == "wordllama":
        from pipeline.nlp.embed import load_similarity

        similarity = load_similarity()
    splits = args.split or ["dev"]
    results = {s: evaluate(args.corpus_root, args.catalogue, s, similarity) for s in splits}
    print("relation   " + "  ".join(f"{s}: P     R     (tp/pred/gold)" for s in splits))
    for rel in (*RELATIONS, "any"):
        cells = []
        for s in splits:
            tp, pred, gold = results[s][rel]
            cells.append(f"{s}: {_ratio(tp, pred):>5} {_ratio(tp, gold):>5} ({tp}/{pred}/{gold})")
        print(f"{rel:<10} " + "  ".join(cells))


if __name__ == "__main__":
    main()
