"""YAKE 0.7.3 keywords for each parsed text theme-bench dumped: {"case": {"keywords": [...], "ms": per-document}}.

Time is this thread's CPU time, as theme-bench measures its own side."""
import json
import os
import sys
import time

import yake


def main(directory):
    results = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as handle:
            text = handle.read()
        chinese = sum("\u4e00" <= c <= "\u9fff" for c in text) * 2 > sum(c.isascii() and c.isalpha() for c in text)
        extractor = yake.KeywordExtractor(lan="zh" if chinese else "en", n=3, top=20)
        extractor.extract_keywords(text)  # warm-up
        runs = 5
        start = time.thread_time()
        for _ in range(runs):
            keywords = extractor.extract_keywords(text)
        elapsed = (time.thread_time() - start) * 1000 / runs
        results[name[:-4]] = {"keywords": [keyword for keyword, _ in keywords], "ms": elapsed}
    json.dump(results, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
