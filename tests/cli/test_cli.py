#!/usr/bin/env python3
"""End-to-end tests of the parkit executable: output formats, exit codes, bad input.
Usage: test_cli.py PATH_TO_PARKIT"""
import re
import subprocess
import sys
import unittest

PARKIT = None


def run(*args, timeout=120):
    return subprocess.run([PARKIT, *args], capture_output=True, text=True, timeout=timeout)


class Integrate(unittest.TestCase):
    def test_prints_the_tutorial_lines_on_every_backend(self):
        values = set()
        for backend in ("serial", "threads", "processes"):
            r = run("integrate", "--n", "500", "--backend", backend, "--workers", "3")
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.splitlines()
            self.assertEqual(len(lines), 3, r.stdout)
            m = re.fullmatch(r"Integral value is (-?\d\.\d{6}e[+-]\d\d), Error is (\d\.\d{6}e[+-]\d\d)", lines[0])
            self.assertIsNotNone(m, lines[0])
            self.assertEqual(abs(float(m.group(1))), float(m.group(2)))
            self.assertRegex(lines[1], r"^Time spent: \d+\.\d\d sec$")
            workers = 1 if backend == "serial" else 3
            self.assertEqual(lines[2], f"Backend: {backend}, workers: {workers}")
            values.add(m.group(1))
        self.assertEqual(len(values), 1, "backends disagree: %s" % values)

    def test_workers_default_to_the_core_count(self):
        r = run("integrate", "--n", "50", "--backend", "threads")
        self.assertEqual(r.returncode, 0, r.stderr)
        import os
        self.assertIn(f"workers: {len(os.sched_getaffinity(0))}", r.stdout)

    def test_help_on_every_subcommand(self):
        for sub in ([], ["integrate"], ["tour"]):
            r = run(*sub, "--help")
            self.assertEqual(r.returncode, 0)
            self.assertIn("Usage: parkit", r.stdout)
        self.assertIn("--backend", run("integrate", "--help").stdout)


class BadInput(unittest.TestCase):
    CASES = [
        (["integrate", "--n", "0"], "--n"),
        (["integrate", "--n", "-5"], "--n"),
        (["integrate", "--n", "abc"], "--n"),
        (["integrate", "--n", "99999999999"], "--n"),
        (["integrate", "--workers", "0"], "--workers"),
        (["integrate", "--workers", "100000"], "--workers"),
        (["integrate", "--backend", "gpu"], "--backend"),
        (["integrate", "--bogus"], "--bogus"),
        (["frobnicate"], "frobnicate"),
        ([], "subcommand"),
        (["tour", "--repeat", "0"], "--repeat"),
    ]

    def test_one_line_on_stderr_and_exit_2(self):
        for args, word in self.CASES:
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
                self.assertEqual(r.stdout, "")
                lines = r.stderr.splitlines()
                self.assertEqual(len(lines), 1, r.stderr)
                self.assertTrue(lines[0].startswith("parkit: error: "), lines[0])
                self.assertIn(word, lines[0])

    def test_mpi_backend_in_a_build_without_mpi(self):
        r = run("integrate", "--backend", "mpi", "--n", "10")
        if r.returncode == 0:
            self.skipTest("this build has MPI")
        self.assertEqual(r.returncode, 2)
        self.assertIn("MPI", r.stderr)


class Tour(unittest.TestCase):
    def test_table_has_every_backend_and_equal_results(self):
        r = run("tour", "--n", "400", "--repeat", "1", "--workers", "2")
        self.assertEqual(r.returncode, 0, r.stderr)
        header = [l for l in r.stdout.splitlines() if l.startswith("workload")]
        self.assertEqual(len(header), 1, r.stdout)
        for col in ("backend", "workers", "seconds", "speedup", "efficiency"):
            self.assertIn(col, header[0])
        rows = [l for l in r.stdout.splitlines() if l.startswith("integrate")]
        self.assertEqual([row.split()[2] for row in rows], ["serial", "threads", "processes"])
        for row in rows:
            self.assertIn("= serial", row)
            self.assertRegex(row, r"\d+\.\d\dx\s+\d+%")


if __name__ == "__main__":
    PARKIT = sys.argv.pop(1)
    unittest.main(verbosity=2)
