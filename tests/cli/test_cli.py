#!/usr/bin/env python3
"""End-to-end tests of the parkit executable: output formats, exit codes, bad input.
Usage: test_cli.py PATH_TO_PARKIT"""
import os
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

    def test_version(self):
        r = run("--version")
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertRegex(r.stdout, r"^parkit \d+\.\d+\.\d+\n$")

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


class LightParkit(unittest.TestCase):
    """Built with MPI, `parkit` links no MPI library and hands commands that need MPI to
    parkit-mpi beside it (decision 0010)."""

    def setUp(self):
        self.mpi_build = os.path.join(os.path.dirname(os.path.abspath(PARKIT)), "parkit-mpi")
        if not os.path.exists(self.mpi_build):
            self.skipTest("built without MPI: one program")

    def loaded_libraries(self, program):
        r = subprocess.run([program], capture_output=True, text=True,
                           env={**os.environ, "LD_TRACE_LOADED_OBJECTS": "1"})
        return r.stdout

    def test_parkit_maps_no_mpi_library_and_parkit_mpi_does(self):
        self.assertNotIn("libmpi", self.loaded_libraries(PARKIT))
        self.assertIn("libmpi", self.loaded_libraries(self.mpi_build))

    def test_a_command_that_names_mpi_runs_in_parkit_mpi(self):
        # parkit alone refuses --backend mpi (the next test): success means parkit-mpi ran it.
        for args in (["integrate", "--n", "10", "--backend", "mpi"],
                     ["integrate", "--n", "10", "--backend=mpi"]):
            r = run(*args)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Backend: mpi", r.stdout)
        r = run("integrate", "--help")
        self.assertIn("serial, threads, processes or mpi", r.stdout)

    def test_alone_it_says_mpi_is_missing_and_runs_the_rest(self):
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            alone = os.path.join(d, "parkit")
            shutil.copy(PARKIT, alone)
            r = subprocess.run([alone, "integrate", "--n", "10", "--backend", "mpi"],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertEqual(r.stderr, "parkit: error: backend mpi: this parkit was built without "
                             "MPI (PARKIT_WITH_MPI=OFF), or parkit-mpi is not beside it\n")
            r = subprocess.run([alone, "integrate", "--n", "10", "--backend", "threads"],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("(this build has no MPI)",
                          subprocess.run([alone, "integrate", "--help"], capture_output=True,
                                         text=True).stdout)


class PipeServers(unittest.TestCase):
    def test_echo_prints_each_message_and_its_reply(self):
        r = run("echo")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "sent a received aX\nsent fred received fredX\n"
                                   "sent Who am I? received Who am I?X\nsent stop received stopX\n")
        r = run("echo", "one", "stop", "never sent")
        self.assertEqual(r.stdout, "sent one received oneX\nsent stop received stopX\n")
        r = run("echo", "no stop at all")  # the server ends when the customer closes the pipe
        self.assertEqual((r.returncode, r.stdout), (0, "sent no stop at all received no stop at allX\n"))

    def test_hello_server(self):
        r = run("hello-server")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "I received yes\n" * 10)
        self.assertEqual(run("hello-server", "--count", "3").stdout, "I received yes\n" * 3)

    def test_an_unexpected_word_is_the_servers_error_not_a_hang(self):
        r = run("hello-server", "--send", "foo", timeout=20)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr, "parkit: error: Server: Expecting only hello or bye but received: foo\n")


class Heat(unittest.TestCase):
    def test_prints_the_grid_and_every_split_agrees(self):
        first = None
        for backend, workers in (("serial", 1), ("threads", 2), ("threads", 3), ("processes", 4)):
            r = run("heat", "--backend", backend, "--workers", str(workers))
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.splitlines()
            self.assertEqual(lines[0], "N = 51, h = 0.06283185307179587, dt = 0.0015791367041742977, nstep = 3166")
            self.assertRegex(lines[1], r"^f\(pi/2\) = \d\.\d+$")
            m = re.fullmatch(r"Max error against sin\(x\), scaled at point 12: (\d\.\d{6}e-\d\d)", lines[2])
            self.assertIsNotNone(m, lines[2])
            self.assertLess(float(m.group(1)), 1e-12)
            self.assertEqual(lines[4], f"Backend: {backend}, workers: {workers}")
            first = first or lines[:3]
            self.assertEqual(lines[:3], first, "the splits disagree")

    def test_bandwidth_and_halo(self):
        r = run("heat", "--points", "20001", "--steps", "64", "--halo", "8", "--bandwidth")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout.splitlines()[-1],
                         r"^Memory: \d+\.\d\d GB/s moved \(16 B a point a pass of 8 steps\); a copy here on 1 threads: \d+\.\d\d GB/s$")
        same = run("heat", "--points", "20001", "--steps", "64")
        self.assertEqual(r.stdout.splitlines()[1:3], same.stdout.splitlines()[1:3])

    def test_2d_every_layout_agrees(self):
        first = None
        for backend, workers, layout in (("serial", 1, "1 x 1"), ("threads", 2, "2 x 1"),
                                         ("processes", 4, "2 x 2"), ("threads", 3, "3 x 1")):
            r = run("heat", "--dim", "2", "--points", "21", "--backend", backend, "--workers", str(workers))
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.splitlines()
            self.assertTrue(lines[0].startswith("N = 21 x 21, h = 0.05, dt = "), lines[0])
            self.assertTrue(lines[0].endswith(f"ranks {layout}"), lines[0])
            self.assertRegex(lines[2], r"^Max error against sin\(pi x\) sin\(pi y\), scaled at point \(5, 5\): \d\.\d{6}e-1\d$")
            first = first or lines[1:3]
            self.assertEqual(lines[1:3], first, "the layouts disagree")

    def test_plot(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "heat.svg")
            r = run("heat", "--steps", "100", "--plot", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out) as f:
                self.assertIn("sin x", f.read())


class Pi(unittest.TestCase):
    def test_prints_like_the_tutorial_and_agrees_everywhere(self):
        first = None
        for args in (["--backend", "serial"], ["--backend", "threads", "--workers", "3", "--chunksize", "1"],
                     ["--backend", "processes", "--workers", "2", "--chunksize", "64"]):
            r = run("pi", "--batches", "50", "--points", "2000", *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.splitlines()
            self.assertRegex(lines[0], r"^used \d+\.\d\ds$")
            self.assertRegex(lines[1], "^3\\.\\d{5}\u00b10\\.\\d{5}$")
            first = first or lines[1:3]
            self.assertEqual(lines[1:3], first)


    def test_demo_prints_the_tutorials_small_programs(self):
        r = run("pi", "--demo", "--backend", "processes", "--workers", "2")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        # Python's repr of math.sin at these points.
        self.assertEqual(lines[0], "[0.09983341664682815, 0.19866933079506122, 0.29552020666133955, "
                                   "-0.7457052121767203, 0.9995201585807313]")
        self.assertRegex(lines[1], r"^Time : [0-9.e-]+secs$")
        values = [float(v) for v in lines[2].strip("[]").split(", ")]
        self.assertEqual(len(values), 10)
        for v in values:
            self.assertLess(abs(v - 3.14159), 0.1)
        self.assertEqual(lines[2], run("pi", "--demo").stdout.splitlines()[2])


class Pool(unittest.TestCase):
    SQUARES = "[" + ", ".join(str(x * x) for x in range(20)) + "]"

    def test_the_tutorials_pool_programs_on_every_backend(self):
        for backend in ("processes", "threads", "serial"):
            for program in ("square", "power"):
                with self.subTest(backend=backend, program=program):
                    r = run("pool", program, "--backend", backend, "--workers", "3")
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(r.stdout, f"Number of CPU cores: {os.cpu_count()}\n{self.SQUARES}\n")
            r = run("pool", "sin", "--backend", backend)
            lines = r.stdout.splitlines()
            self.assertEqual(lines[0], "[0.09983341664682815, 0.19866933079506122, 0.29552020666133955, "
                                       "-0.7457052121767203, 0.9995201585807313]")
            self.assertRegex(lines[1], r"^Time : [0-9.e-]+secs$")


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mpi_examples_reference  # noqa: E402  (beside this file)

MPI_EXAMPLES = mpi_examples_reference.NAMES


class MpiExamples(unittest.TestCase):
    def test_every_example_prints_what_python_and_numpy_print(self):
        # Every n from 1 to 4 once, on one backend or the other (mpi_cli runs them all under
        # mpirun); a run in this ASan build takes ~0.4 s.
        for backend, n in (("processes", 1), ("threads", 2), ("processes", 3), ("threads", 4)):
            for name in MPI_EXAMPLES:
                if name == "sendrecv" and n == 1:
                    continue  # a usage error (BadInput)
                with self.subTest(backend=backend, n=n, name=name):
                    r = run("mpi", name, "--backend", backend, "--workers", str(n))
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(r.stdout, mpi_examples_reference.expected(name, n))

    def test_help_lists_every_example(self):
        r = run("mpi", "--help")
        self.assertIn("{" + ",".join(MPI_EXAMPLES) + "}", r.stdout)


class Csvify(unittest.TestCase):
    def setUp(self):
        import tempfile
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        for k in range(7):
            with open(os.path.join(self.dir, f"b{k}.dat"), "w") as f:
                f.write("".join(f"w{k}{j} {j + 1} {100 / (j + 1)}\n" for j in range(50 + k)))
        with open(os.path.join(self.dir, "notes.txt"), "w") as f:
            f.write("not a dat file\n")

    def tearDown(self):
        self.tmp.cleanup()

    def csvs(self):
        out = {}
        for name in sorted(os.listdir(self.dir)):
            if name.endswith(".csv") and os.path.isfile(os.path.join(self.dir, name)):
                with open(os.path.join(self.dir, name)) as f:
                    out[name] = f.read()
        return out

    def test_every_thread_count_writes_the_same_files(self):
        seen = None
        for threads in ("1", "2", "5"):
            r = run("csvify", self.dir, "--threads", threads)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout, r"^Read 7 in [0-9.e-]+ seconds\n$")
            seen = seen or self.csvs()
            self.assertEqual(self.csvs(), seen)
        self.assertEqual(len(seen), 7)
        self.assertTrue(seen["b0.csv"].startswith("w00,1,100.0\nw01,2,50.0\n"), seen["b0.csv"][:40])
        r = run("csvify", self.dir, "--threads", "2", "--inflate", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = self.csvs()["b0.csv"].splitlines()
        self.assertEqual(lines[:4], ["w00,1,100.0"] * 3 + ["w01,2,50.0"])
        self.assertEqual(len(lines), 150)

    def test_a_file_that_cannot_be_written_leaves_nothing_half_written(self):
        os.mkdir(os.path.join(self.dir, "b3.csv"))  # in the way of b3's output
        r = run("csvify", self.dir, "--threads", "2")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("b3.csv", r.stderr)
        leftovers = [n for n in os.listdir(self.dir) if ".tmp." in n]
        self.assertEqual(leftovers, [])
        for name, text in self.csvs().items():
            with open(os.path.join(self.dir, name[:-4] + ".dat")) as f:
                self.assertEqual(text, f.read().replace(" ", ","))


class Invert(unittest.TestCase):
    def test_prints_like_the_tutorial_and_follows_the_thread_count(self):
        env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
        for args, extra, threads in ((["--threads", "1"], {}, 1), (["--threads", "2"], {}, 2),
                                     ([], {"OMP_NUM_THREADS": "1"}, 1),
                                     ([], {"OPENBLAS_NUM_THREADS": "1"}, 1),
                                     (["--threads", "2"], {"OPENBLAS_NUM_THREADS": "1"}, 2)):
            with self.subTest(args=args, env=extra):
                r = subprocess.run([PARKIT, "invert", "--size", "200", *args], capture_output=True,
                                   text=True, timeout=60, env={**env, **extra})
                self.assertEqual(r.returncode, 0, r.stderr)
                lines = r.stdout.splitlines()
                self.assertRegex(lines[0], r"^time spent for inverting A is \d+\.\d{4} s$")
                residual = float(lines[1].split("= ")[1])
                self.assertLess(residual, 1e-8)
                self.assertEqual(lines[2], f"BLAS threads: {threads}")


class Walk(unittest.TestCase):
    ARGS = ["walk", "--Y", "5,10,20", "--samples", "60"]

    def test_prints_like_the_tutorial_and_agrees_everywhere(self):
        first = None
        for args in (["--backend", "serial"], ["--backend", "threads", "--workers", "3"],
                     ["--backend", "processes", "--workers", "2", "--schedule", "per-y"]):
            r = run(*self.ARGS, *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.splitlines()
            means = [float(v) for v in lines[0].strip("[]").split(", ")]
            self.assertEqual(len(means), 3)
            self.assertRegex(lines[1], r"^Time : [0-9.e-]+secs$")
            self.assertEqual(lines[2].split(), ["Y", "mean", "steps", "std", "error", "3Y^2", "pi", "Y^2"])
            rows = [l.split() for l in lines[4:7]]
            self.assertEqual([row[0] for row in rows], ["5", "10", "20"])
            self.assertEqual([row[3] for row in rows], ["75", "300", "1200"])
            self.assertRegex(lines[7], r"^Schedule: (per-y|balanced), \d+ tasks; speedup \d+\.\d\dx")
            self.assertRegex(lines[8], r"at most \d+\.\d\dx on \d+ workers, 1\.31x on any number")
            first = first or [lines[0]] + lines[4:7]
            self.assertEqual([lines[0]] + lines[4:7], first)

    def test_plot(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "walk.svg")
            r = run(*self.ARGS, "--plot", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out) as f:
                self.assertIn("diffusion limit", f.read())
            # The same seed, another backend and schedule: the same figure, byte for byte.
            again = os.path.join(d, "again.svg")
            r = run(*self.ARGS, "--plot", again, "--backend", "processes", "--workers", "2",
                    "--schedule", "per-y")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, "rb") as a, open(again, "rb") as b:
                self.assertEqual(a.read(), b.read())


class Progress(unittest.TestCase):
    """A progress line on a terminal only; the same results with or without it."""
    LONG = ["walk", "--Y", "150", "--samples", "60000", "--backend", "threads", "--workers", "1"]

    def under_terminal(self, *args):
        import shlex
        cmd = " ".join(shlex.quote(a) for a in [PARKIT, *args])
        # Bytes: text mode would turn the carriage returns into line breaks.
        r = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, timeout=120)
        r.stdout = r.stdout.decode()
        return r

    def test_a_terminal_gets_progress_a_pipe_does_not(self):
        tty = self.under_terminal(*self.LONG)
        self.assertEqual(tty.returncode, 0, tty.stdout)
        self.assertRegex(tty.stdout, r"\rtasks \d+/\d+ \(\d+%\), [0-9.]+/s, elapsed 0:0\d, left \d+:\d\d\x1b\[K")
        self.assertIn("\r\x1b[K", tty.stdout)  # cleared at the end
        quiet = self.under_terminal(*self.LONG, "--no-progress")
        self.assertNotIn("tasks ", quiet.stdout)
        piped = run(*self.LONG)
        self.assertEqual(piped.returncode, 0)
        self.assertEqual(piped.stderr, "")
        # The results are the same with and without the line.
        table = lambda text: [l for l in text.replace("\r\n", "\n").split("\n") if l.startswith("150 ")]
        self.assertEqual(table(tty.stdout), table(piped.stdout))
        self.assertEqual(len(table(piped.stdout)), 1)


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
        (["hello-server", "--count", "0"], "--count"),
        (["heat", "--points", "50"], "--points"),
        (["heat", "--points", "1"], "--points"),
        (["heat", "--points", "0"], "--points"),
        (["heat", "--workers", "0"], "--workers"),
        (["heat", "--points", "7", "--workers", "6", "--backend", "threads"], "--workers"),
        (["heat", "--steps", "-1"], "--steps"),
        (["heat", "--dim", "3"], "--dim"),
        (["pi", "--batches", "-1"], "--batches"),
        (["pi", "--points", "0"], "--points"),
        (["pi", "--points", "1e20"], "--points"),
        (["pi", "--chunksize", "0"], "--chunksize"),
        (["pool", "cube"], "cube"),
        (["mpi", "nosuch"], "nosuch"),
        (["mpi"], "EXAMPLE"),
        (["mpi", "sendrecv", "--backend", "threads", "--workers", "1"], "at least 2 ranks"),
        (["invert", "--size", "0"], "--size"),
        (["invert", "--size", "-3"], "--size"),
        (["invert", "--size", "100000"], "GiB"),
        (["invert", "--threads", "0"], "--threads"),
        (["csvify", "/nonexistent-parkit-dir"], "nonexistent-parkit-dir"),
        (["csvify", ".", "--threads", "0"], "--threads"),
        (["csvify", ".", "--inflate", "0"], "--inflate"),
        (["pool"], "PROGRAM"),
        (["walk", "--Y", "0"], "--Y"),
        (["walk", "--Y", "-10"], "--Y"),
        (["walk", "--Y", "10,,20"], "--Y"),
        (["walk", "--Y", "abc"], "--Y"),
        (["walk", "--Y", "100001"], "--Y"),
        (["walk", "--samples", "0"], "--samples"),
        (["walk", "--schedule", "random"], "--schedule"),
        (["walk", "--plot", "out.pdf", "--Y", "3", "--samples", "2"], "--plot"),
        (["heat", "--halo", "0"], "--halo"),
        (["heat", "--halo", "50"], "--halo"),
        (["heat", "--dim", "2", "--halo", "2"], "--halo"),
        (["heat", "--dim", "2", "--points", "5", "--workers", "16", "--backend", "threads"], "--workers"),
        (["heat", "--dim", "2", "--plot", "x.svg"], "--plot"),
        (["heat", "--plot", "x.pdf", "--steps", "2"], "--plot"),
        (["hello-server", "--count", "x"], "--count"),
        (["amdahl", "--serial", "-1", "--parallel", "1"], "--serial"),
        (["amdahl", "--serial", "1", "--parallel", "0"], "--parallel"),
        (["amdahl", "--serial", "nan", "--parallel", "1"], "--serial"),
        (["amdahl", "--serial", "1"], "--parallel"),
        (["amdahl", "--serial", "1", "--parallel", "1", "--workers", "0"], "--workers"),
        (["amdahl", "--serial", "1", "--parallel", "1", "--want", "0.5"], "--want"),
        (["amdahl", "--serial", "1", "--parallel", "1", "--out", "/nonexistent-parkit/x"],
         "nonexistent-parkit"),
        (["scale", "integrate", "--workers", "0,2"], "--workers"),
        (["scale", "integrate", "--workers", ""], "--workers"),
        (["scale", "integrate", "--repeat", "0"], "--repeat"),
        (["scale", "nosuch"], "nosuch"),
        (["scale", "integrate", "--backends", "gpu"], "--backends"),
        (["scale", "integrate", "--backends", "threads,"], "--backends"),
        (["scale", "heat", "--heat-points", "100"], "--heat-points"),
        (["scale", "integrate", "--out", "/nonexistent-parkit/x"], "nonexistent-parkit"),
        (["tour", "--quick", "--out", "/nonexistent-parkit/x"], "nonexistent-parkit"),
        (["tour", "--heat-points", "100"], "--heat-points"),
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


class Amdahl(unittest.TestCase):
    def test_the_tutorial_model_table_want_and_files(self):
        import csv
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "model")
            r = run("amdahl", "--serial", "10", "--parallel", "90", "--want", "100", "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("asymptotic speedup (S+P)/S = 10x", r.stdout)
            self.assertIn("at most 1 % of the work may be serial on unlimited workers; "
                          "on 200 workers at most 0.503 %", r.stdout)
            row = next(ln for ln in r.stdout.splitlines() if ln.split()[:1] == ["4"])
            self.assertEqual(row.split(), ["4", "32.5", "3.08x", "77%"])  # 100 / (10 + 90/4)
            with open(os.path.join(out, "amdahl.csv")) as f:
                rows = list(csv.DictReader(f))
            self.assertEqual([int(x["workers"]) for x in rows], [1, 2, 4, 8, 16, 32, 64, 128, 200])
            for x in rows:
                w = int(x["workers"])
                self.assertAlmostEqual(float(x["seconds"]), 10 + 90 / w, places=6)
                self.assertAlmostEqual(float(x["speedup"]), 100 / (10 + 90 / w), places=6)
                self.assertAlmostEqual(float(x["efficiency"]), 100 / (10 + 90 / w) / w, places=6)
            for name in ("time.svg", "speedup.svg", "efficiency.svg"):
                with open(os.path.join(out, name)) as f:
                    svg = f.read()
                self.assertTrue(svg.rstrip().endswith("</svg>"), name)
                self.assertIn("<path", svg)

    def test_a_speedup_beyond_the_workers_is_impossible(self):
        r = run("amdahl", "--serial", "1", "--parallel", "9", "--workers", "20", "--want", "50")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("on 20 workers it cannot be had (at most 20x)", r.stdout)
        r = run("amdahl", "--serial", "0", "--parallel", "9", "--workers", "4")
        self.assertIn("unbounded (nothing is serial)", r.stdout)


class Scale(unittest.TestCase):
    def scale(self, *args):
        import tempfile
        d = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(d))
        r = run("scale", *args, "--out", os.path.join(d, "out"), timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r, os.path.join(d, "out")

    def test_points_files_and_figures(self):
        import csv
        import json
        r, out = self.scale("integrate", "--n", "200", "--workers", "1,2", "--repeat", "2")
        with open(os.path.join(out, "scale.csv")) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([(x["backend"], x["workers"]) for x in rows],
                         [("serial", "1"), ("threads", "1"), ("processes", "1"),
                          ("threads", "2"), ("processes", "2")])
        base = float(rows[0]["min_s"])
        for x in rows:
            self.assertEqual(x["repeats"], "2")
            self.assertEqual(x["same_result"], "1")
            self.assertLessEqual(float(x["min_s"]), float(x["median_s"]))
            self.assertAlmostEqual(float(x["speedup"]), base / float(x["min_s"]), places=4)
            self.assertAlmostEqual(float(x["efficiency"]),
                                   float(x["speedup"]) / int(x["workers"]), places=4)
        with open(os.path.join(out, "scale.json")) as f:
            doc = json.load(f)
        self.assertEqual(doc["machine"]["cores"], len(os.sched_getaffinity(0)))
        self.assertEqual(len(doc["points"]), 5)
        self.assertEqual([f["backend"] for f in doc["fits"]], ["threads", "processes"])
        for name in ("speedup.svg", "efficiency.svg"):
            with open(os.path.join(out, name)) as f:
                self.assertTrue(f.read().rstrip().endswith("</svg>"), name)
        self.assertIn("Amdahl fit S =", r.stdout)
        self.assertIn("integrate n=200", r.stdout)

    def test_every_workload_equals_serial(self):
        for args in (["pipeline", "--books", "2", "--words", "2000"], ["acf", "--acf-words", "5000"],
                     ["heat", "--heat-points", "10001", "--heat-steps", "5"],
                     ["invert", "--size", "60"], ["csvify", "--books", "2", "--words", "5000"]):
            with self.subTest(workload=args[0]):
                r, out = self.scale(*args, "--workers", "2", "--repeat", "1")
                with open(os.path.join(out, "scale.csv")) as f:
                    lines = f.read().splitlines()[1:]
                backends = [ln.split(",")[1] for ln in lines]
                if args[0] in ("invert", "csvify"):  # threads in one process
                    self.assertEqual(backends, ["serial", "threads"])
                    self.assertIn("no processes points", r.stdout)
                else:
                    self.assertEqual(backends, ["serial", "threads", "processes"])
                self.assertTrue(all(ln.split(",")[9] == "1" for ln in lines), lines)


class Tour(unittest.TestCase):
    def test_table_has_every_backend_and_equal_results(self):
        r = run("tour", "--n", "400", "--repeat", "1", "--workers", "2", "--books", "3", "--words", "3000",
                "--quick", "--out", "-")
        self.assertEqual(r.returncode, 0, r.stderr)
        header = [l for l in r.stdout.splitlines() if l.startswith("workload")]
        self.assertEqual(len(header), 1, r.stdout)
        for col in ("backend", "workers", "min s", "median s", "speedup", "efficiency"):
            self.assertIn(col, header[0])
        self.assertIn("integrate n=400 ", r.stdout)  # the size options win over --quick
        self.assertIn("pipeline 3x3000 ", r.stdout)
        for workload in ("integrate", "walk", "pi", "pipeline"):
            rows = [l for l in r.stdout.splitlines() if re.match(workload + r" \S+\s+(serial|threads|processes)", l)]
            self.assertEqual([row.split()[2] for row in rows], ["serial", "threads", "processes"])
            for row in rows:
                self.assertIn("= serial", row)
                self.assertRegex(row, r"\d+\.\d{4}\s+\d+\.\d{4}\s+\d+\.\d\dx( \(noise\?\))?\s+\d+%")
        self.assertNotIn("report:", r.stdout)  # --out -: no folder

    def test_quick_writes_every_promised_file(self):
        import csv
        import json
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "report")
            r = run("tour", "--quick", "--out", out, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sorted(os.listdir(out)),
                             ["efficiency.svg", "report.csv", "report.json", "report.md", "speedup.svg"])
            with open(os.path.join(out, "report.csv")) as f:
                rows = list(csv.DictReader(f))
            workloads = []
            for x in rows:
                if x["workload"] not in workloads:
                    workloads.append(x["workload"].split()[0])
            self.assertEqual(sorted(set(workloads)),
                             ["acf", "csvify", "heat", "integrate", "invert", "pi", "pipeline", "walk"])
            self.assertTrue(all(x["same_result"] == "1" for x in rows))
            with open(os.path.join(out, "report.json")) as f:
                doc = json.load(f)
            self.assertEqual(len(doc["workloads"]), 8)
            self.assertEqual(doc["machine"]["cores"], len(os.sched_getaffinity(0)))
            with open(os.path.join(out, "report.md")) as f:
                md = f.read()
            self.assertIn("| workload | backend |", md)
            self.assertIn("![speedup](speedup.svg)", md)
            rows = [ln.split(" | ")[1] for ln in md.splitlines() if ln.startswith("| integrate n=")]
            self.assertEqual(rows[:3], ["serial", "threads", "processes"])  # then mpi, where it may run
            for name in ("speedup.svg", "efficiency.svg"):
                with open(os.path.join(out, name)) as f:
                    self.assertTrue(f.read().rstrip().endswith("</svg>"))


class WordCountSystem(unittest.TestCase):
    def setUp(self):
        import tempfile
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        import os
        return os.path.join(self.dir, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def assert_bad(self, args, *words, leaves=None):
        import os
        r = run(*args)
        self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("parkit: error: "), lines[0])
        for w in words:
            self.assertIn(w, lines[0])
        if leaves:
            self.assertFalse(os.path.exists(leaves), f"{leaves} was left behind")
        self.assertEqual([f for f in os.listdir(self.dir) if ".tmp." in f], [])

    def test_counts_table_and_acf(self):
        book = self.write("b.txt", "The cat; the DOG.\r\nThe \u00c6ther cat\u00a0sat".encode())
        self.assertEqual(run("wordcount", book, self.path("b.dat")).returncode, 0)
        with open(self.path("b.dat")) as f:
            self.assertEqual(f.read(), "the 3 37.5\ncat 2 25.0\ndog 1 12.5\n\u00e6ther 1 12.5\nsat 1 12.5\n")
        r = run("zipf", "2", self.path("b.dat"))
        self.assertEqual(r.stdout, "Book,word1,word2\nb,3,2\n")
        r = run("zipf", "2", self.path("b.dat"), "--fit")
        self.assertRegex(r.stdout, r"^Book,word1,word2,exponent\nb,3,2,0\.58496\d\n$")
        outs = []
        for backend in ("serial", "threads", "processes"):
            out = self.path(f"acf_{backend}.csv")
            r = run("acf", book, self.path("b.dat"), out, "--words", "2", "--timesteps", "4",
                    "--backend", backend, "--workers", "2")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out) as f:
                outs.append(f.read())
        self.assertEqual(len(set(outs)), 1)
        self.assertEqual(outs[0].splitlines()[0], "1.000000000000000000e+00,8.333333333333332593e-01")

    def test_acf_verbose_says_each_ranks_block_as_the_tutorial(self):
        book = self.write("v.txt", b"a b c d e f g a b c d e f a b c d e a b c d a b c a b a")
        dat = self.path("v.dat")
        self.assertEqual(run("wordcount", book, dat).returncode, 0)
        ref = self.path("ref.csv")
        self.assertEqual(run("acf", book, dat, ref, "--words", "7", "--timesteps", "3").returncode, 0)
        for backend in ("threads", "processes"):
            out = self.path(f"v_{backend}.csv")
            r = run("acf", book, dat, out, "--words", "7", "--timesteps", "3", "--verbose",
                    "--backend", backend, "--workers", "3")
            self.assertEqual(r.returncode, 0, r.stderr)
            # 7 words on 3 ranks, the first 7 % 3 ranks one more: 3, 2, 2.
            self.assertEqual(r.stdout.splitlines()[:3], ["My rank number is 0 and first, last = 0, 3",
                                                         "My rank number is 1 and first, last = 3, 5",
                                                         "My rank number is 2 and first, last = 5, 7"])
            self.assertRegex(r.stdout.splitlines()[3], r"^parallel time: [0-9.e-]+$")
            with open(out) as a, open(ref) as b:
                self.assertEqual(a.read(), b.read())
        self.assert_bad(["acf", book, dat, self.path("m.csv"), "--verbose", "--collect", "map"],
                        "--verbose", leaves=self.path("m.csv"))

    def test_bad_books(self):
        out = self.path("o.dat")
        self.assert_bad(["wordcount", self.path("missing.txt"), out], "missing.txt", leaves=out)
        self.assert_bad(["wordcount", self.dir, out], "directory", leaves=out)
        bad = self.write("bad.txt", b"fine words \xff\xfe here")
        self.assert_bad(["wordcount", bad, out], "bad.txt", "byte offset 11", leaves=out)

    def test_a_book_without_words_has_an_empty_count_file_that_zipf_and_acf_refuse(self):
        # As the reference program does: exit 0 and an empty file.
        for name, data in (("empty.txt", b""), ("blank.txt", b"\n\n  \n"),
                           ("only.txt", b" -- ... !! "), ("spaces.txt", b" \t \r\n")):
            with self.subTest(book=name):
                book, out = self.write(name, data), self.path(name + ".dat")
                r = run("wordcount", book, out)
                self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))
                with open(out, "rb") as f:
                    self.assertEqual(f.read(), b"")
                self.assert_bad(["zipf", "3", out], name + ".dat", "no words")
                csv = self.path(name + ".csv")
                self.assert_bad(["acf", book, out, csv], name + ".dat", "no words", leaves=csv)

    def test_wordcount_to_stdout_equals_the_file(self):
        book = self.write("s.txt", "Ünïcode words, words; and MORE words.\n".encode())
        out = self.path("s.dat")
        self.assertEqual(run("wordcount", book, out).returncode, 0)
        with open(out) as f:
            want = f.read()
        for args in ([book], [book, "-"]):
            r = run("wordcount", *args)
            self.assertEqual((r.returncode, r.stderr), (0, ""))
            self.assertEqual(r.stdout, want)
        self.assertTrue(want.startswith("words 3 "), want)
        # A pipe as the book (wordcount <(zcat book.gz)): read to its end, not mapped by its
        # size (which a pipe does not have: it counted nothing before).
        with open(book, "rb") as f:
            r = subprocess.run([PARKIT, "wordcount", "/dev/stdin"], input=f.read(),
                               capture_output=True, timeout=60)
        self.assertEqual((r.returncode, r.stderr), (0, b""))
        self.assertEqual(r.stdout.decode(), want)

    def test_bad_counts_and_numbers(self):
        book = self.write("b.txt", b"a b a")
        dat = self.write("b.dat", b"a 2 66.66666666666667\nb one 33.3\n")
        self.assert_bad(["zipf", "3", dat], "b.dat:2", "malformed")
        out = self.path("acf.csv")
        self.assert_bad(["acf", book, dat, out], "b.dat:2", leaves=out)
        good = self.write("g.dat", b"a 2 66.66666666666667\nb 1 33.333333333333336\n")
        self.assert_bad(["zipf", "0", good], "N")
        self.assert_bad(["zipf", "-3", good], "N")
        self.assert_bad(["acf", book, good, out, "--words", "0"], "--words", leaves=out)
        self.assert_bad(["acf", book, self.write("z.dat", b"zzz 1 100.0\n"), out], "zzz", leaves=out)
        self.assert_bad(["plot-counts", good, self.path("fig.gif")], ".svg or .png", leaves=self.path("fig.gif"))

    def test_plot_counts_draws_a_figure(self):
        dat = self.write("g.dat", b"a 2 66.66666666666667\nb 1 33.333333333333336\n")
        for ext, magic in (("svg", b"<?xml"), ("png", b"\x89PNG")):
            r = run("plot-counts", dat, self.path("fig." + ext), "-n", "2")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(self.path("fig." + ext), "rb") as f:
                self.assertTrue(f.read(8).startswith(magic))

    def test_make_corpus_is_deterministic_and_rich(self):
        a, b = self.path("a"), self.path("b")
        for d, seed in ((a, "5"), (b, "5")):
            self.assertEqual(run("make-corpus", d, "--books", "2", "--words", "3000", "--seed", seed).returncode, 0)
        import os
        with open(os.path.join(a, "book02.txt"), "rb") as f:
            text = f.read()
        with open(os.path.join(b, "book02.txt"), "rb") as f:
            self.assertEqual(f.read(), text)
        for needle in (b"\r\n", "\u00a0".encode(), "\u201c".encode(), "\u2019s".encode(), "\u00e9".encode()):
            self.assertIn(needle, text)
        self.assert_bad(["make-corpus", self.path("c"), "--books", "0"], "--books")


class Pipeline(unittest.TestCase):
    def setUp(self):
        import tempfile
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.assertEqual(run("make-corpus", self.dir, "--books", "3", "--words", "4000").returncode, 0)

    def tearDown(self):
        self.tmp.cleanup()

    def outputs(self):
        import glob
        out = {}
        for p in sorted(glob.glob(self.dir + "/processed_data/*.dat") + glob.glob(self.dir + "/results/*.csv")):
            with open(p, "rb") as f:
                out[p] = f.read()
        return out

    def test_temporaries_of_a_killed_run_are_swept(self):
        # A run killed mid-write leaves NAME.tmp.PID files; the next run (or --delete-all-output)
        # removes those of dead processes and leaves a live process's alone (issue 9).
        self.assertEqual(run("pipeline", self.dir, "-q").returncode, 0)
        gone = subprocess.Popen(["true"])
        gone.wait()
        stale = [self.dir + f"/processed_data/book01.dat.tmp.{gone.pid}",
                 self.dir + f"/results/acf_book01.csv.tmp.{gone.pid}"]
        live = self.dir + f"/results/results.csv.tmp.{os.getpid()}"
        for p in stale + [live]:
            with open(p, "wb") as f:
                f.write(b"half")
        os.utime(self.dir + "/book01.txt")  # something to do
        self.assertEqual(run("pipeline", self.dir, "-q").returncode, 0)
        for p in stale:
            self.assertFalse(os.path.exists(p), p)
        self.assertTrue(os.path.exists(live))
        with open(stale[0], "wb") as f:
            f.write(b"half")
        r = run("pipeline", self.dir, "--delete-all-output")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(stale[0]))
        os.remove(live)

    def test_a_second_run_on_the_same_folder_waits_for_the_first(self):
        import fcntl
        fd = os.open(self.dir, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # as a running pipeline holds it
            p = subprocess.Popen([PARKIT, "pipeline", self.dir, "-q"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
            note = p.stderr.readline()  # the event: it says it waits
            self.assertEqual(note, f"parkit: note: waiting for another parkit pipeline on {self.dir}\n")
            self.assertIsNone(p.poll(), "the second run did not wait")
            self.assertFalse(os.path.exists(self.dir + "/results"))
        finally:
            os.close(fd)  # releases the lock
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        self.assertEqual(err, "")
        self.assertTrue(os.path.exists(self.dir + "/results/results.csv"))

    def test_backends_agree_and_reruns_are_incremental(self):
        import os, time
        results = []
        for backend in ("serial", "threads", "processes"):
            run("pipeline", self.dir, "--delete-all-output")
            r = run("pipeline", self.dir, "--backend", backend, "-j", "2")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("ran 7 jobs", r.stdout)
            results.append(self.outputs())
        self.assertEqual(len(results[0]), 7)
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0], results[2])
        self.assertIn("nothing to do", run("pipeline", self.dir).stdout)
        book = os.path.join(self.dir, "book02.txt")
        st = os.stat(book)
        os.utime(book, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        dry = run("pipeline", self.dir, "--dry-run")
        self.assertEqual(dry.returncode, 0)
        self.assertIn("would run wordcount book02: input", dry.stdout)
        self.assertIn("3 of 7 jobs would run", dry.stdout)
        self.assertIn("3 of 7 jobs would run", run("pipeline", self.dir, "-n").stdout)  # changed nothing
        again = run("pipeline", self.dir)
        self.assertIn("ran 3 jobs", again.stdout)
        with open(os.path.join(self.dir, "processed_data", "book02.log")) as f:
            log = f.read()
        self.assertEqual(log.count("done wordcount book02"), 2)
        dag = run("pipeline", self.dir, "--dag").stdout
        self.assertTrue(dag.startswith("digraph pipeline {"))
        self.assertEqual(dag.count("->"), 3 + 3)  # counts -> table, counts -> acf
        r = run("pipeline", self.dir, "--delete-all-output")
        self.assertIn("removed", r.stdout)
        self.assertEqual(self.outputs(), {})
        self.assertTrue(os.path.exists(book))  # inputs stay

    def test_a_bad_book_fails_its_jobs_and_keep_going_does_the_rest(self):
        import os
        with open(os.path.join(self.dir, "book02.txt"), "ab") as f:
            f.write(b"broken \xff")
        r = run("pipeline", self.dir, "-j", "1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("book02.txt: invalid UTF-8", r.stderr)
        r = run("pipeline", self.dir, "--keep-going", "-j", "1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("failed", r.stdout)
        outs = self.outputs()
        self.assertIn(self.dir + "/results/acf_book03.csv", outs)
        self.assertNotIn(self.dir + "/results/acf_book02.csv", outs)
        self.assertNotIn(self.dir + "/results/results.csv", outs)

    def test_a_killed_run_leaves_no_partial_output_and_the_next_run_repairs_it(self):
        import glob, os, shutil, signal
        big = os.path.join(self.dir, "big")
        self.assertEqual(run("make-corpus", big, "--books", "8", "--words", "300000").returncode, 0)
        clean = os.path.join(self.dir, "clean")
        shutil.copytree(big, clean)
        self.assertEqual(run("pipeline", clean, "-q").returncode, 0)
        p = subprocess.Popen([PARKIT, "pipeline", big, "--backend", "serial"], stdout=subprocess.PIPE, text=True)
        first = p.stdout.readline()  # the first job is done: kill it in the middle of the rest
        self.assertTrue(first.startswith("[1/"), first)
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stdout.close()
        self.assertEqual(glob.glob(big + "/**/*.tmp.*", recursive=True), [])
        made = glob.glob(big + "/processed_data/*.dat") + glob.glob(big + "/results/*.csv")
        self.assertLess(len(made), 17, "the run was not interrupted")
        for f in made:  # whatever exists is complete
            with open(f, "rb") as a, open(f.replace(big, clean), "rb") as b:
                self.assertEqual(a.read(), b.read(), f)
        r = run("pipeline", big, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        for f in glob.glob(clean + "/processed_data/*.dat") + glob.glob(clean + "/results/*.csv"):
            with open(f, "rb") as a, open(f.replace(clean, big), "rb") as b:
                self.assertEqual(a.read(), b.read(), f)

    def test_dry_run_and_dag_change_nothing(self):
        import os
        before = sorted(os.listdir(self.dir))
        self.assertIn("7 of 7 jobs would run", run("pipeline", self.dir, "--dry-run").stdout)
        self.assertTrue(run("pipeline", self.dir, "--dag").stdout.startswith("digraph"))
        self.assertEqual(sorted(os.listdir(self.dir)), before)

    def test_bad_directories(self):
        r = run("pipeline", self.dir + "/nope")
        self.assertEqual(r.returncode, 2)
        import tempfile
        with tempfile.TemporaryDirectory() as empty:
            r = run("pipeline", empty)
            self.assertEqual(r.returncode, 2)
            self.assertIn("no books", r.stderr)


class Outputs(unittest.TestCase):
    """Outputs that are not regular files, and output that cannot be written (issue 9)."""

    def setUp(self):
        import tempfile
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.book = os.path.join(self.dir, "b.txt")
        with open(self.book, "w") as f:
            f.write("the cat the dog\n")

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_device_is_written_through_not_replaced(self):
        import stat
        r = run("wordcount", self.book, "/dev/null")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("wordcount", self.book, "/dev/full")
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"^parkit: error: /dev/full: cannot write: No space left on device\n$")
        for dev in ("/dev/null", "/dev/full"):
            self.assertTrue(stat.S_ISCHR(os.stat(dev).st_mode), f"{dev} was replaced")

    def test_a_missing_output_folder_is_bad_input_like_a_missing_input(self):
        r = run("wordcount", self.book, os.path.join(self.dir, "no", "such", "out.dat"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertRegex(r.stderr, r"^parkit: error: .*/no/such/out.dat: cannot create: No such file or directory\n$")
        r = run("wordcount", os.path.join(self.dir, "missing.txt"), os.path.join(self.dir, "o.dat"))
        self.assertEqual(r.returncode, 2, r.stderr)

    def test_a_symlinked_output_keeps_its_link(self):
        target = os.path.join(self.dir, "t.dat")
        link = os.path.join(self.dir, "l.dat")
        os.symlink(target, link)
        r = run("wordcount", self.book, link)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.islink(link))
        with open(target) as f:
            self.assertTrue(f.read().startswith("the 2 "))
        self.assertEqual(sorted(os.listdir(self.dir)), ["b.txt", "l.dat", "t.dat"])

    def test_a_full_stdout_is_a_failure(self):
        dat = os.path.join(self.dir, "b.dat")
        self.assertEqual(run("wordcount", self.book, dat).returncode, 0)
        for args in (["integrate", "--n", "10"], ["zipf", "2", dat], ["pipeline", self.dir, "--dag"]):
            with open("/dev/full", "w") as full:
                r = subprocess.run([PARKIT, *args], stdout=full, stderr=subprocess.PIPE, text=True,
                                   timeout=60)
            self.assertEqual(r.returncode, 1, args)
            self.assertEqual(r.stderr, "parkit: error: cannot write the output: No space left on device\n")


if __name__ == "__main__":
    PARKIT = sys.argv.pop(1)
    unittest.main(verbosity=2)
