#!/usr/bin/env python3
"""Byte-identity against the reference corpus (../shared/corpus): wordcount for every book, the
Zipf table, and ACFs on every backend. Exits 77 (skipped) when the corpus is absent.

Usage: test_corpus.py PARKIT CORPUS_DIR {wordcount|zipf|acf-third|acf-all}"""
import filecmp
import os
import subprocess
import sys
import tempfile

BACKENDS = [("serial", "1"), ("threads", "2"), ("processes", "3")]


def main():
    parkit, corpus, what = sys.argv[1:4]
    books_dir = os.path.join(corpus, "books")
    if not os.path.isdir(books_dir):
        print(f"SKIP: no reference corpus at {corpus}")
        return 77
    books = sorted(f[:-4] for f in os.listdir(books_dir) if f.endswith(".txt"))
    expected = os.path.join(corpus, "expected")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        def run(*args):
            r = subprocess.run([parkit, *args], capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
            return r

        def same(got, want, label):
            if not filecmp.cmp(got, want, shallow=False):
                failures.append(f"{label}: {got} differs from {want}")

        for b in books:  # every mode needs the counts
            run("wordcount", os.path.join(books_dir, b + ".txt"), os.path.join(tmp, b + ".dat"))
        if what == "wordcount":
            for b in books:
                same(os.path.join(tmp, b + ".dat"), os.path.join(expected, "wordcount", b + ".dat"), b)
        elif what == "zipf":
            r = run("zipf", "10", *[os.path.join(tmp, b + ".dat") for b in books])
            with open(os.path.join(expected, "zipf", "results.csv")) as f:
                if r.stdout != f.read():
                    failures.append("zipf table differs from expected/zipf/results.csv")
        else:
            chosen = books if what == "acf-all" else books[::3]
            for i, b in enumerate(chosen):
                backend, workers = BACKENDS[i % len(BACKENDS)]
                out = os.path.join(tmp, b + ".csv")
                run("acf", os.path.join(books_dir, b + ".txt"), os.path.join(tmp, b + ".dat"), out,
                    "--backend", backend, "--workers", workers)
                same(out, os.path.join(expected, "acf", b + ".csv"), f"{b} on {backend}")
    for f in failures[:20]:
        print("FAIL", f)
    print(f"{what}: {len(books)} books, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
