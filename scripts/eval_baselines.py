# Baseline ranking quality on the OffreAPI scoring evaluation set (crates/scoring/eval/):
# random / TF-IDF / BM25 rankers, and optionally the `offreapi score` CLI, scored by nDCG@10, P@5 and MRR.
"""Measure how well simple rankers order the 60 evaluation CVs for each of the 12 offers.

Usage (from the repository root, with the pins from scripts/requirements-eval.txt installed):

    python scripts/eval_baselines.py                    # Markdown table on stdout
    python scripts/eval_baselines.py --json             # machine-readable results
    python scripts/eval_baselines.py --per-offer        # also a per-offer nDCG@10 table
    python scripts/eval_baselines.py --offreapi target/release/offreapi

Rankers:
  random    uniform random scores (numpy, seeded), i.e. the original app's behaviour;
            metrics are averaged over 20 seeds.
  tfidf     scikit-learn TfidfVectorizer with default settings, fitted per offer on the
            60 CVs plus the offer text; cosine similarity between offer and each CV.
  bm25      rank_bm25.BM25Okapi (default k1=1.5, b=0.75) over lower-cased \\w+ tokens of
            the 60 CVs; the query is the tokenised offer text.
  ideal     the labels themselves (upper bound; P@5 < 1 where an offer has < 5 relevant CVs).
  offreapi  only with --offreapi BIN: runs
                BIN score --offer offers/<offer>.json --format json cvs/*.txt
            in the evaluation directory and reads the JSON array it prints
            ([{"file", "score", ...}], best first), matching "file" to a CV by base name.

The offer text used by tfidf and bm25 is title + description + skills.

Metrics (graded labels from qrels.tsv, 0..3):
  nDCG@10   gain 2^rel - 1, discount 1/log2(rank + 1), normalised by the ideal ordering
            of the same candidate set.
  P@5       fraction of the top 5 with rel >= 2.
  MRR       1 / rank of the first CV with rel >= 2 (0 if there is none).
Splits: all offers; French offers; English offers; and "cross-language", where each
offer's ranking is restricted to CVs whose dominant language (cvs/languages.tsv) differs
from the offer's (given by the offer file name prefix, "fr-" or "en-"). Offers whose
candidate set has no CV with rel >= 2 are left out of a split (the "offers" column says
how many were used). Ties in scores are broken by CV id, so output is deterministic.

The cross-language split compares other-language CVs only with each other. A second table
shows what it hides: R@10 is the share of relevant (rel >= 2) CVs that reach the top 10 of
the FULL ranking, separately for CVs in the offer's language and in the other language
(averaged over offers that have such CVs).
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import re
import subprocess
import sys

import numpy as np
from rank_bm25 import BM25Okapi
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

RANDOM_SEEDS = 20
RELEVANT = 2  # rel >= 2 counts as relevant for P@5 and MRR
SPLITS = ("all", "fr", "en", "cross")
SPLIT_NAMES = {
    "all": "all offers",
    "fr": "French offers",
    "en": "English offers",
    "cross": "cross-language",
}

DEFAULT_EVAL_DIR = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "scoring", "eval")
)


# --------------------------------------------------------------------------- data


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def load_eval_set(eval_dir: str):
    offer_paths = sorted(glob.glob(os.path.join(eval_dir, "offers", "*.json")))
    cv_paths = sorted(glob.glob(os.path.join(eval_dir, "cvs", "*.txt")))
    if not offer_paths or not cv_paths:
        sys.exit(f"no offers or CVs found under {eval_dir}")

    offers = {}
    for p in offer_paths:
        oid = os.path.splitext(os.path.basename(p))[0]
        lang = oid.split("-", 1)[0]
        if lang not in ("fr", "en"):
            sys.exit(f"offer file name must start with fr- or en-: {p}")
        data = json.loads(read_text(p))
        text = "\n".join([data["title"], data["description"], " ".join(data["skills"])])
        offers[oid] = {"path": p, "lang": lang, "text": text}

    cvs = {}
    for p in cv_paths:
        cid = os.path.splitext(os.path.basename(p))[0]
        cvs[cid] = {"path": p, "text": read_text(p)}

    langs = {}
    with open(os.path.join(eval_dir, "cvs", "languages.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:2] != ["cv", "language"]:
            sys.exit("cvs/languages.tsv must start with the header: cv<TAB>language")
        for line in f:
            if line.strip():
                cid, lang = line.rstrip("\n").split("\t")[:2]
                langs[cid] = lang
    if set(langs) != set(cvs):
        sys.exit("cvs/languages.tsv does not list exactly the CVs in cvs/")
    for cid, lang in langs.items():
        cvs[cid]["lang"] = lang

    qrels = {oid: {} for oid in offers}
    with open(os.path.join(eval_dir, "qrels.tsv"), encoding="utf-8") as f:
        if f.readline().rstrip("\n").split("\t") != ["offer", "cv", "relevance"]:
            sys.exit("qrels.tsv must start with the header: offer<TAB>cv<TAB>relevance")
        for n, line in enumerate(f, start=2):
            if not line.strip():
                continue
            oid, cid, rel = line.rstrip("\n").split("\t")
            if oid not in offers or cid not in cvs or rel not in ("0", "1", "2", "3"):
                sys.exit(f"qrels.tsv line {n}: unknown offer/CV or bad relevance: {line!r}")
            if cid in qrels[oid]:
                sys.exit(f"qrels.tsv line {n}: duplicate pair {oid} {cid}")
            qrels[oid][cid] = int(rel)
    for oid in offers:
        if len(qrels[oid]) != len(cvs):
            sys.exit(f"qrels.tsv: offer {oid} has {len(qrels[oid])} labels, expected {len(cvs)}")
    return offers, cvs, qrels


# --------------------------------------------------------------------------- rankers


def ranking_from_scores(cv_ids, scores):
    """CV ids best first; ties broken by CV id (cv_ids is sorted)."""
    order = sorted(range(len(cv_ids)), key=lambda i: (-float(scores[i]), cv_ids[i]))
    return [cv_ids[i] for i in order]


TOKEN_RE = re.compile(r"\w+")


def tokenize(text: str):
    return TOKEN_RE.findall(text.lower())


def rank_tfidf(offer_text, cv_ids, cv_texts):
    vec = TfidfVectorizer()
    matrix = vec.fit_transform(cv_texts + [offer_text])
    sims = cosine_similarity(matrix[len(cv_texts)], matrix[: len(cv_texts)]).ravel()
    return ranking_from_scores(cv_ids, sims)


def make_bm25(cv_texts):
    return BM25Okapi([tokenize(t) for t in cv_texts])


def rank_bm25(bm25, offer_text, cv_ids):
    return ranking_from_scores(cv_ids, bm25.get_scores(tokenize(offer_text)))


def rank_random(seed, offer_index, cv_ids):
    rng = np.random.default_rng([seed, offer_index])
    return ranking_from_scores(cv_ids, rng.random(len(cv_ids)))


def rank_ideal(qrel, cv_ids):
    return ranking_from_scores(cv_ids, [qrel[c] for c in cv_ids])


def rank_offreapi(binary, eval_dir, offer, cv_ids, cvs):
    rel_offer = os.path.relpath(offer["path"], eval_dir)
    rel_cvs = [os.path.relpath(cvs[c]["path"], eval_dir) for c in cv_ids]
    cmd = [binary, "score", "--offer", rel_offer, "--format", "json", *rel_cvs]
    proc = subprocess.run(cmd, cwd=eval_dir, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd[:5])} ... exited with {proc.returncode}:\n{proc.stderr}")
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        sys.exit(f"offreapi output for {rel_offer} is not JSON: {e}")
    scores = {}
    for pos, item in enumerate(results):
        cid = os.path.splitext(os.path.basename(item["file"]))[0]
        if cid not in cvs:
            sys.exit(f"offreapi returned an unknown file: {item['file']}")
        scores[cid] = (-float(item["score"]), pos)
    missing = [c for c in cv_ids if c not in scores]
    if missing:
        print(f"warning: offreapi did not score {len(missing)} CVs for {rel_offer}; "
              "ranking them last", file=sys.stderr)
    # Rank by score; ties keep the tool's own order; unscored CVs go last by id.
    return sorted(cv_ids, key=lambda c: scores.get(c, (math.inf, math.inf)) + (c,))


# --------------------------------------------------------------------------- metrics


def dcg(rels):
    return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(rels))


def metrics_for(ranking, qrel):
    """ranking: CV ids best first (already restricted to the candidate set)."""
    rels = [qrel[c] for c in ranking]
    if not any(r >= RELEVANT for r in rels):
        return None
    ideal = dcg(sorted(rels, reverse=True)[:10])
    ndcg = dcg(rels[:10]) / ideal
    p5 = sum(r >= RELEVANT for r in rels[:5]) / 5
    first = next(i for i, r in enumerate(rels) if r >= RELEVANT)
    return {"ndcg@10": ndcg, "p@5": p5, "mrr": 1.0 / (first + 1)}


def evaluate(rankings, offers, cvs, qrels):
    """rankings: {offer_id: [cv ids best first]} -> {split: {...}} and per-offer metrics."""
    per_offer = {s: {} for s in SPLITS}
    for oid, ranking in rankings.items():
        lang = offers[oid]["lang"]
        per_offer["all"][oid] = metrics_for(ranking, qrels[oid])
        per_offer[lang][oid] = per_offer["all"][oid]
        cross = [c for c in ranking if cvs[c]["lang"] != lang]
        per_offer["cross"][oid] = metrics_for(cross, qrels[oid])
    summary = {}
    for s in SPLITS:
        used = {o: m for o, m in per_offer[s].items() if m is not None}
        summary[s] = {"offers": len(used)}
        for k in ("ndcg@10", "p@5", "mrr"):
            summary[s][k] = float(np.mean([m[k] for m in used.values()])) if used else float("nan")
    summary["recall@10_full_ranking"] = language_recall(rankings, offers, cvs, qrels)
    return summary, per_offer


def language_recall(rankings, offers, cvs, qrels):
    """Share of rel >= 2 CVs in the full top 10, for same- and other-language CVs."""
    out = {}
    for name, same in (("same_language", True), ("other_language", False)):
        vals = []
        for oid, ranking in rankings.items():
            lang = offers[oid]["lang"]
            rel = [c for c in ranking if qrels[oid][c] >= RELEVANT and (cvs[c]["lang"] == lang) == same]
            if rel:
                vals.append(sum(c in ranking[:10] for c in rel) / len(rel))
        out[name] = {"offers": len(vals), "r@10": float(np.mean(vals)) if vals else float("nan")}
    return out


def average_runs(runs):
    """Average several (summary, per_offer) results (the random seeds)."""
    summary = {}
    for s in SPLITS:
        summary[s] = {"offers": runs[0][0][s]["offers"]}
        for k in ("ndcg@10", "p@5", "mrr"):
            vals = [r[0][s][k] for r in runs]
            summary[s][k] = float(np.mean(vals))
            summary[s][k + "_std_over_seeds"] = float(np.std(vals))
    summary["recall@10_full_ranking"] = {
        name: {
            "offers": runs[0][0]["recall@10_full_ranking"][name]["offers"],
            "r@10": float(np.mean([r[0]["recall@10_full_ranking"][name]["r@10"] for r in runs])),
        }
        for name in ("same_language", "other_language")
    }
    per_offer = {s: {} for s in SPLITS}
    for s in SPLITS:
        for oid, m in runs[0][1][s].items():
            if m is None:
                per_offer[s][oid] = None
                continue
            per_offer[s][oid] = {
                k: float(np.mean([r[1][s][oid][k] for r in runs])) for k in ("ndcg@10", "p@5", "mrr")
            }
    return summary, per_offer


# --------------------------------------------------------------------------- main


def library_versions():
    import rank_bm25
    import sklearn

    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "rank_bm25": getattr(rank_bm25, "__version__", None) or _dist_version("rank_bm25"),
    }


def _dist_version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", default=DEFAULT_EVAL_DIR, help="evaluation set directory")
    ap.add_argument("--offreapi", metavar="BIN", help="also evaluate `BIN score ...`")
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON instead of Markdown")
    ap.add_argument("--per-offer", action="store_true", help="also print per-offer nDCG@10 (Markdown mode)")
    args = ap.parse_args()

    eval_dir = os.path.abspath(args.eval_dir)
    offers, cvs, qrels = load_eval_set(eval_dir)
    offer_ids = sorted(offers)
    cv_ids = sorted(cvs)
    cv_texts = [cvs[c]["text"] for c in cv_ids]

    results = {}

    runs = []
    for seed in range(RANDOM_SEEDS):
        rankings = {o: rank_random(seed, i, cv_ids) for i, o in enumerate(offer_ids)}
        runs.append(evaluate(rankings, offers, cvs, qrels))
    results["random"] = average_runs(runs)

    rankings = {o: rank_tfidf(offers[o]["text"], cv_ids, cv_texts) for o in offer_ids}
    results["tfidf"] = evaluate(rankings, offers, cvs, qrels) + (rankings,)

    bm25 = make_bm25(cv_texts)
    rankings = {o: rank_bm25(bm25, offers[o]["text"], cv_ids) for o in offer_ids}
    results["bm25"] = evaluate(rankings, offers, cvs, qrels) + (rankings,)

    rankings = {o: rank_ideal(qrels[o], cv_ids) for o in offer_ids}
    results["ideal"] = evaluate(rankings, offers, cvs, qrels)

    if args.offreapi:
        rankings = {o: rank_offreapi(args.offreapi, eval_dir, offers[o], cv_ids, cvs) for o in offer_ids}
        results["offreapi"] = evaluate(rankings, offers, cvs, qrels) + (rankings,)

    if args.json:
        out = {
            "eval_set": {
                "offers": len(offer_ids),
                "offers_fr": sum(offers[o]["lang"] == "fr" for o in offer_ids),
                "offers_en": sum(offers[o]["lang"] == "en" for o in offer_ids),
                "cvs": len(cv_ids),
                "cvs_fr": sum(cvs[c]["lang"] == "fr" for c in cv_ids),
                "cvs_en": sum(cvs[c]["lang"] == "en" for c in cv_ids),
            },
            "config": {
                "random_seeds": RANDOM_SEEDS,
                "relevant_threshold": RELEVANT,
                "ndcg_cutoff": 10,
                "precision_cutoff": 5,
                "tfidf": "TfidfVectorizer() defaults, fitted per offer on 60 CVs + offer",
                "bm25": "BM25Okapi defaults (k1=1.5, b=0.75, epsilon=0.25), tokens = \\w+ of lower-cased text",
            },
            "versions": library_versions(),
            "methods": {},
        }
        for name, res in results.items():
            entry = {"summary": res[0], "per_offer": res[1]}
            if len(res) > 2:
                entry["top10"] = {o: r[:10] for o, r in res[2].items()}
            out["methods"][name] = entry
        print(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))
        return

    print(f"Evaluation set: {len(offer_ids)} offers "
          f"({sum(offers[o]['lang'] == 'fr' for o in offer_ids)} fr, "
          f"{sum(offers[o]['lang'] == 'en' for o in offer_ids)} en), {len(cv_ids)} CVs "
          f"({sum(cvs[c]['lang'] == 'fr' for c in cv_ids)} fr, "
          f"{sum(cvs[c]['lang'] == 'en' for c in cv_ids)} en). "
          f"Relevant = rel >= {RELEVANT}; random = mean of {RANDOM_SEEDS} seeds.")
    print()
    print("| Method | Split | Offers | nDCG@10 | P@5 | MRR |")
    print("|---|---|---:|---:|---:|---:|")
    for s in SPLITS:
        for name, res in results.items():
            m = res[0][s]
            print(f"| {name} | {SPLIT_NAMES[s]} | {m['offers']} | {m['ndcg@10']:.3f} | {m['p@5']:.3f} | {m['mrr']:.3f} |")
    print()
    print("Relevant CVs (rel >= 2) reaching the top 10 of the full 60-CV ranking:")
    print()
    print("| Method | R@10, CV in offer's language | R@10, CV in other language |")
    print("|---|---:|---:|")
    for name, res in results.items():
        r = res[0]["recall@10_full_ranking"]
        print(f"| {name} | {r['same_language']['r@10']:.3f} ({r['same_language']['offers']} offers) "
              f"| {r['other_language']['r@10']:.3f} ({r['other_language']['offers']} offers) |")
    if args.per_offer:
        print()
        names = list(results)
        print("| Offer | " + " | ".join(f"{n} nDCG@10" for n in names) + " |")
        print("|---|" + "---:|" * len(names))
        for o in offer_ids:
            cells = []
            for n in names:
                m = results[n][1]["all"][o]
                cells.append("n/a" if m is None else f"{m['ndcg@10']:.3f}")
            print(f"| {o} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
