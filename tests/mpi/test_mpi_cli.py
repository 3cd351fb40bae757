#!/usr/bin/env python3
"""parkit under mpirun: the MPI examples at -np 1..4, workloads equal to their serial results
(byte for byte for acf), and the abort contract. Usage: test_mpi_cli.py PARKIT MPI_THROW MPIEXEC BOOKDIR"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

PARKIT, THROW, MPIEXEC, BOOKS = sys.argv[1:5]
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           ASAN_OPTIONS="detect_leaks=0")


def mpirun(np, *args, timeout=120):
    return subprocess.run([MPIEXEC, "--oversubscribe", "-np", str(np), *args], env=ENV,
                          capture_output=True, text=True, timeout=timeout)


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import mpi_examples_reference  # noqa: E402  (tests/cli)


class Examples(unittest.TestCase):
    def test_every_example_at_every_np_prints_what_python_and_numpy_print(self):
        for np in (1, 2, 3, 4):
            for name in mpi_examples_reference.NAMES:
                with self.subTest(np=np, name=name):
                    r = mpirun(np, PARKIT, "mpi", name)
                    if name == "sendrecv" and np == 1:
                        self.assertEqual(r.returncode, 2)
                        self.assertIn("rank 0: mpi sendrecv needs at least 2 ranks", r.stderr)
                        continue
                    self.assertEqual(r.returncode, 0, r.stderr)
                    # printed once, by rank 0, in rank order
                    self.assertEqual(r.stdout, mpi_examples_reference.expected(name, np))

    def test_an_unknown_example_is_exit_2_once(self):
        r = mpirun(2, PARKIT, "mpi", "nosuch")
        self.assertEqual(r.returncode, 2, r.stderr)
        ours = [l for l in r.stderr.splitlines() if l.startswith("parkit:")]
        self.assertEqual(len(ours), 1, r.stderr)
        self.assertIn("nosuch", ours[0])


class Workloads(unittest.TestCase):
    def test_integrate_equals_serial_and_prints_once(self):
        serial = subprocess.run([PARKIT, "integrate", "--n", "500"], capture_output=True, text=True)
        for np in (1, 2, 3):
            r = mpirun(np, PARKIT, "integrate", "--n", "500", "--backend", "mpi")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.splitlines()[0], serial.stdout.splitlines()[0])
            self.assertEqual(r.stdout.count("Integral value"), 1)
            self.assertIn(f"Backend: mpi, workers: {np}", r.stdout)

    def test_heat_at_every_np_equals_serial(self):
        serial = subprocess.run([PARKIT, "heat", "--points", "101"], capture_output=True, text=True)
        self.assertEqual(serial.returncode, 0, serial.stderr)
        for np in (1, 2, 3, 4):
            r = mpirun(np, PARKIT, "heat", "--points", "101", "--backend", "mpi")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.splitlines()[:3], serial.stdout.splitlines()[:3])
            self.assertIn(f"Backend: mpi, workers: {np}", r.stdout)

    def test_walk_and_pi_equal_serial(self):
        for args, keep in ((["walk", "--Y", "5,10,20", "--samples", "60"], [0, 4, 5, 6]),
                           (["pi", "--batches", "50", "--points", "2000"], [1, 2])):
            serial = subprocess.run([PARKIT, *args], capture_output=True, text=True)
            self.assertEqual(serial.returncode, 0, serial.stderr)
            want = [serial.stdout.splitlines()[k] for k in keep]
            for np in (2, 3):
                r = mpirun(np, PARKIT, *args, "--backend", "mpi")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual([r.stdout.splitlines()[k] for k in keep], want, args)
                self.assertIn(f"Backend: mpi, workers: {np}", r.stdout)

    def test_heat_2d_at_4_ranks_equals_serial(self):
        args = ["heat", "--dim", "2", "--points", "41"]
        serial = subprocess.run([PARKIT, *args], capture_output=True, text=True)
        r = mpirun(4, PARKIT, *args, "--backend", "mpi")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines()[1:3], serial.stdout.splitlines()[1:3])
        self.assertIn("ranks 2 x 2", r.stdout)

    def test_acf_every_collect_is_byte_identical_to_serial(self):
        book = os.path.join(BOOKS, "pg101.txt")
        if not os.path.exists(book):
            self.skipTest("no corpus")
        with tempfile.TemporaryDirectory() as d:
            dat = os.path.join(d, "b.dat")
            subprocess.run([PARKIT, "wordcount", book, dat], check=True)
            ref = os.path.join(d, "serial.csv")
            subprocess.run([PARKIT, "acf", book, dat, ref], check=True)
            for np in (2, 3, 4):
                for collect in ("map", "p2p", "gather"):
                    out = os.path.join(d, f"{np}{collect}.csv")
                    r = mpirun(np, PARKIT, "acf", book, dat, out, "--backend", "mpi", "--collect", collect)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    with open(out, "rb") as a, open(ref, "rb") as b:
                        self.assertEqual(a.read(), b.read(), f"np={np} collect={collect}")

    def test_acf_verbose_prints_every_ranks_block_once(self):
        book = os.path.join(BOOKS, "pg101.txt")
        if not os.path.exists(book):
            self.skipTest("no corpus")
        with tempfile.TemporaryDirectory() as d:
            dat, out = os.path.join(d, "b.dat"), os.path.join(d, "v.csv")
            subprocess.run([PARKIT, "wordcount", book, dat], check=True)
            r = mpirun(3, PARKIT, "acf", book, dat, out, "--backend", "mpi", "--verbose")
            self.assertEqual(r.returncode, 0, r.stderr)
            # The tutorial's autocorrelation_mpi.py: 16 words on 3 ranks -> 6, 5, 5.
            self.assertEqual(r.stdout.splitlines()[:3], ["My rank number is 0 and first, last = 0, 6",
                                                         "My rank number is 1 and first, last = 6, 11",
                                                         "My rank number is 2 and first, last = 11, 16"])
            self.assertEqual(r.stdout.count("My rank number"), 3)

    def test_pipeline_on_mpi_ranks_writes_the_serial_bytes(self):
        books = [os.path.join(BOOKS, f"{b}.txt") for b in ("pg101", "pg104", "pg105")]
        if not all(os.path.exists(b) for b in books):
            self.skipTest("no corpus")
        with tempfile.TemporaryDirectory() as d:
            serial, ranks = os.path.join(d, "serial"), os.path.join(d, "mpi")
            for top in (serial, ranks):
                os.mkdir(top)
                for b in books:
                    with open(b, "rb") as src, open(os.path.join(top, os.path.basename(b)), "wb") as dst:
                        dst.write(src.read())
            subprocess.run([PARKIT, "pipeline", serial, "--backend", "serial", "-q"], check=True)
            r = mpirun(3, PARKIT, "pipeline", ranks, "--backend", "mpi")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("ran 7 jobs on mpi (2 at once), 0 failed", r.stdout)
            self.assertEqual(r.stdout.count("ran 7 jobs"), 1)
            outputs = [os.path.join("results", "results.csv")]
            for b in books:
                name = os.path.basename(b)[:-4]
                outputs += [os.path.join("processed_data", name + ".dat"),
                            os.path.join("results", f"acf_{name}.csv")]
            for rel in outputs:
                with open(os.path.join(serial, rel), "rb") as a, open(os.path.join(ranks, rel), "rb") as b:
                    self.assertEqual(a.read(), b.read(), rel)
            again = mpirun(3, PARKIT, "pipeline", ranks, "--backend", "mpi")
            self.assertIn("nothing to do", again.stdout)

    def test_another_backend_under_mpirun_says_every_rank_runs_alone(self):
        r = mpirun(2, PARKIT, "integrate", "--n", "100", "--backend", "threads", "--workers", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.count("every rank runs the whole job alone"), 2, r.stderr)

    def test_outside_mpirun_is_one_rank_and_says_so(self):
        r = subprocess.run([PARKIT, "integrate", "--n", "100", "--backend", "mpi"], capture_output=True,
                           text=True, env=ENV)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("running as a single rank", r.stderr)
        self.assertIn("Backend: mpi, workers: 1", r.stdout)


class Harness(unittest.TestCase):
    """scale and tour run MPI points as mpirun -np W jobs, timed inside the job."""

    def test_scale_mpi_points_equal_serial(self):
        import csv
        with tempfile.TemporaryDirectory() as d:
            for workload, opt in (("integrate", ["--n", "300"]), ("acf", ["--acf-words", "5000"]),
                                  ("walk", ["--walk-samples", "5"]),
                                  ("pipeline", ["--books", "3", "--words", "2000"])):
                with self.subTest(workload=workload):
                    out = os.path.join(d, workload)
                    r = subprocess.run([PARKIT, "scale", workload, *opt, "--workers", "1,3",
                                        "--repeat", "2", "--backends", "threads,mpi", "--out", out],
                                       env=ENV, capture_output=True, text=True, timeout=300)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    with open(os.path.join(out, "scale.csv")) as f:
                        rows = list(csv.DictReader(f))
                    self.assertEqual([(x["backend"], x["workers"]) for x in rows],
                                     [("serial", "1"), ("threads", "1"), ("mpi", "1"),
                                      ("threads", "3"), ("mpi", "3")])
                    self.assertTrue(all(x["same_result"] == "1" and x["repeats"] == "2"
                                        for x in rows), rows)

    def test_tour_has_mpi_rows(self):
        import csv
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([PARKIT, "tour", "--quick", "--out", d], env=ENV,
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(d, "report.csv")) as f:
                rows = list(csv.DictReader(f))
            mpi = sorted(x["workload"].split()[0] for x in rows if x["backend"] == "mpi")
            self.assertEqual(mpi, ["acf", "heat", "integrate", "pi", "pipeline", "walk"])
            self.assertTrue(all(x["same_result"] == "1" for x in rows))

    def test_the_point_flag_outside_mpirun_is_a_usage_error(self):
        r = subprocess.run([PARKIT, "scale", "integrate", "--mpi-point"], env=ENV,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--mpi-point: only under mpirun", r.stderr)


class Abort(unittest.TestCase):
    def test_a_rank_that_throws_ends_the_job_with_its_message(self):
        for np in (2, 3):
            start = time.monotonic()
            r = mpirun(np, THROW, timeout=60)
            self.assertLess(time.monotonic() - start, 10)
            self.assertNotEqual(r.returncode, 0)
            # mpirun's own MPI_ABORT banner and the ranks' forwarded stderr arrive in no fixed
            # order, so the check is on parkit's lines: the failing rank's message comes first.
            ours = [l for l in r.stderr.splitlines() if l.startswith("parkit:")]
            self.assertTrue(ours, r.stderr)
            self.assertEqual(ours[0], f"parkit: error: rank {np - 1}: rank {np - 1} gives up", r.stderr)

    def test_bad_input_on_every_rank_is_exit_2(self):
        r = mpirun(2, PARKIT, "acf", "/nonexistent.txt", "/nonexistent.dat", "/tmp/x.csv",
                   "--backend", "mpi")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("/nonexistent", r.stderr)

    def test_a_usage_error_is_one_line_from_rank_0_and_exit_2(self):
        # Every rank parses the same arguments: rank 0 says it once, nobody aborts the job.
        r = mpirun(3, PARKIT, "integrate", "--backend", "mpi", "--n", "0")
        self.assertEqual(r.returncode, 2, r.stderr)
        ours = [l for l in r.stderr.splitlines() if l.startswith("parkit:")]
        self.assertEqual(len(ours), 1, r.stderr)
        self.assertIn("--n", ours[0])
        self.assertNotIn("MPI_ABORT", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
