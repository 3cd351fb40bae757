#!/usr/bin/env python3
"""The fault matrix (issue 9): faults x backends x workloads, each cell checked against the
failure contract in docs/reliability.md.

Every cell runs the parkit binary with a private TMPDIR and XDG_RUNTIME_DIR and a tag in its
environment, injects one fault, and checks: the documented exit code; one `parkit: error:` line
(for a failure); the time from fault to exit (1 s; MPI 10 s); no process of the run left (the tag
is looked for in every /proc/PID/environ, and every worker seen must be gone); nothing left in
the private folders; no NAME.tmp.PID file; every output either absent or byte-identical to a
clean run's.

Usage: test_faults.py PATH_TO_PARKIT"""
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "helpers"))
from procs import alive, describe, tagged  # noqa: E402

PARKIT = None
DETECT_S = 1.0  # the contract: a failure is reported within a second (MPI: 10)
MPI_DETECT_S = 10.0
RNG = random.Random(int(os.environ.get("PARKIT_FAULT_SEED", "0")) or None)


def children(pid):
    """Every descendant of pid (through /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tids:
            try:
                with open(f"/proc/{p}/task/{t}/children") as f:
                    kids = [int(x) for x in f.read().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


def temporaries(folder):
    bad = []
    for root, _, files in os.walk(folder):
        bad += [os.path.join(root, f) for f in files if re.search(r"\.tmp\.\d+$", f)]
    return bad


def snapshot(folder, skip=("build.log",)):
    """Every file under folder (but logs, which hold times), as bytes."""
    out = {}
    for root, _, files in os.walk(folder):
        for f in files:
            if f in skip or f.endswith(".log") or f.startswith(".parkit"):
                continue
            p = os.path.join(root, f)
            with open(p, "rb") as h:
                out[os.path.relpath(p, folder)] = h.read()
    return out


class Run:
    """One parkit process with a private TMPDIR/XDG_RUNTIME_DIR and a tag to find its processes."""

    def __init__(self, case, args, prefix=(), nofile=None):
        self.case = case
        self.home = tempfile.mkdtemp(prefix="parkit-fault-")
        self.tmp = os.path.join(self.home, "tmp")
        self.xdg = os.path.join(self.home, "xdg")
        os.mkdir(self.tmp)
        os.mkdir(self.xdg, 0o700)
        self.tag = "PARKIT_FAULT_TAG=" + uuid.uuid4().hex
        env = dict(os.environ, TMPDIR=self.tmp, XDG_RUNTIME_DIR=self.xdg,
                   PARKIT_FAULT_TAG=self.tag.split("=")[1],
                   OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_rmaps_base_oversubscribe="1")
        self.out = open(os.path.join(self.home, "stdout"), "w+")
        self.err = open(os.path.join(self.home, "stderr"), "w+")

        def limits():
            if nofile:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        self.env = env
        self.proc = subprocess.Popen([*prefix, PARKIT, *args], stdout=self.out, stderr=self.err,
                                     env=env, preexec_fn=limits)
        self.seen = set()

    def then(self, *args):
        """Runs parkit again in the same private folders (what the next run sweeps); its code."""
        r = subprocess.run([PARKIT, *args], env=self.env, capture_output=True, text=True, timeout=120)
        self.case.assertEqual(r.returncode, 0, r.stderr)

    def workers(self, at_least, timeout=20.0):
        """Waits until the run has at_least descendants; returns them."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            kids = children(self.proc.pid)
            self.seen.update(kids)
            if len(kids) >= at_least:
                return kids
            if self.proc.poll() is not None:
                break
            time.sleep(0.01)
        self.case.fail(f"no {at_least} workers appeared: {self.stderr()}")

    def wait(self, limit=120):
        self.seen.update(children(self.proc.pid))
        try:
            return self.proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self.case.fail(f"still running after {limit} s (hang)")

    def stderr(self):
        self.err.seek(0)
        return self.err.read()

    def stdout(self):
        self.out.seek(0)
        return self.out.read()

    def check_clean(self, outputs=None, within=DETECT_S):
        """Nothing of the run is left: processes, private folders' contents, temporaries."""
        end = time.monotonic() + within
        while time.monotonic() < end and (tagged(self.tag) or any(alive(p) for p in self.seen)):
            time.sleep(0.02)
        self.case.assertEqual(tagged(self.tag), [],
                              "a process of the run is left: " + describe(tagged(self.tag)))
        self.case.assertEqual([p for p in self.seen if alive(p)], [], "a worker is left")
        self.case.assertEqual(os.listdir(self.tmp), [], "left in TMPDIR")
        self.case.assertEqual(os.listdir(self.xdg), [], "left in XDG_RUNTIME_DIR")
        if outputs:
            self.case.assertEqual(temporaries(outputs), [], "temporary files left")

    def close(self):
        self.out.close()
        self.err.close()
        shutil.rmtree(self.home, ignore_errors=True)


class Matrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="parkit-faults-")
        cls.corpus = os.path.join(cls.root, "corpus")
        r = subprocess.run([PARKIT, "make-corpus", cls.corpus, "--books", "6", "--words", "300000",
                            "--seed", "9"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        clean = os.path.join(cls.root, "clean")
        shutil.copytree(cls.corpus, clean)
        r = subprocess.run([PARKIT, "pipeline", clean, "-q"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        cls.clean = snapshot(clean)
        cls.book = os.path.join(clean, "book01.txt")
        cls.dat = os.path.join(clean, "processed_data", "book01.dat")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def fresh_corpus(self):
        d = tempfile.mkdtemp(prefix="corpus-", dir=self.root)
        os.rmdir(d)
        shutil.copytree(self.corpus, d)
        return d

    def assert_outputs_complete_or_absent(self, folder):
        for name, data in snapshot(folder).items():
            self.assertIn(name, self.clean, f"unexpected file {name}")
            self.assertEqual(data, self.clean[name], f"{name} differs from a clean run's")

    def assert_one_error(self, run, *words):
        lines = run.stderr().splitlines()
        errors = [ln for ln in lines if ln.startswith("parkit: error:")]
        self.assertEqual(len(errors), 1, run.stderr())
        for w in words:
            self.assertIn(w, errors[0])

    # The workloads, each long enough (1-3 s in the dev build) to be hit at a random moment.
    def workload(self, name, backend, workers=2):
        if name == "integrate":
            return ["integrate", "--n", "30000", "--backend", backend, "--workers", str(workers)], None
        if name == "acf":
            out = os.path.join(tempfile.mkdtemp(dir=self.root), "acf.csv")
            return ["acf", self.book, self.dat, out, "--words", "2000", "--timesteps", "30000",
                    "--backend", backend, "--workers", str(workers)], os.path.dirname(out)
        d = self.fresh_corpus()
        return ["pipeline", d, "-q", "--backend", backend, "-j", str(workers)], d

    # ---- a worker dies at a random moment: one error line naming it, at once, nothing left
    def test_a_worker_killed_at_a_random_moment(self):
        for work in ("integrate", "acf", "pipeline"):
            for sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGTERM):
                with self.subTest(workload=work, signal=sig.name):
                    args, folder = self.workload(work, "processes")
                    run = Run(self, args)
                    try:
                        victim = run.workers(1)[0]
                        time.sleep(RNG.uniform(0.05, 0.4))
                        if run.proc.poll() is not None:
                            self.skipTest("finished before the fault")
                        os.kill(victim, sig)
                        t0 = time.monotonic()
                        rc = run.wait()
                        took = time.monotonic() - t0
                        self.assertEqual(rc, 1, run.stderr())
                        self.assert_one_error(run, str(victim))
                        self.assertLess(took, DETECT_S, "the death was reported late")
                        run.check_clean(folder)
                        if work == "pipeline":
                            self.assert_outputs_complete_or_absent(folder)
                    finally:
                        run.close()

    # ---- the parent is interrupted or killed: children go with it, nothing is left
    def test_the_parent_interrupted_or_killed(self):
        for work in ("integrate", "pipeline"):
            for backend in ("serial", "threads", "processes"):
                for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
                    with self.subTest(workload=work, backend=backend, signal=sig.name):
                        args, folder = self.workload(work, backend)
                        run = Run(self, args)
                        try:
                            if backend == "processes":
                                run.workers(1)
                            time.sleep(RNG.uniform(0.1, 0.8))
                            if run.proc.poll() is not None:
                                self.skipTest("finished before the fault")
                            run.proc.send_signal(sig)
                            t0 = time.monotonic()
                            rc = run.wait()
                            self.assertLess(time.monotonic() - t0, DETECT_S)
                            self.assertEqual(rc, -sig, run.stderr())
                            if sig == signal.SIGKILL:
                                # Nothing could clean up: the next run sweeps (and finishes).
                                if folder:
                                    run.then("pipeline", folder, "-q")
                                    self.assertEqual(snapshot(folder), self.clean)
                                elif backend == "processes":
                                    run.then("integrate", "--n", "10", "--backend", "processes")
                            run.check_clean(folder)
                            if folder:
                                self.assert_outputs_complete_or_absent(folder)
                        finally:
                            run.close()

    # ---- the tour interrupted while its corpus is in TMPDIR: the folder goes with it
    def test_the_tour_interrupted(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=sig.name):
                run = Run(self, ["tour"])
                try:
                    end = time.monotonic() + 120
                    while not os.listdir(run.tmp) and time.monotonic() < end and run.proc.poll() is None:
                        time.sleep(0.02)
                    self.assertTrue(os.listdir(run.tmp), "the tour made no temporary folder")
                    time.sleep(RNG.uniform(0.0, 0.5))
                    run.proc.send_signal(sig)
                    self.assertEqual(run.wait(), -sig, run.stderr())
                    # The tour's MPI rows are mpirun jobs: they get SIGTERM when the tour dies
                    # and end as an MPI job ends (the MPI allowance).
                    run.check_clean(within=MPI_DETECT_S if shutil.which("mpirun") else DETECT_S)
                finally:
                    run.close()

    # ---- scale interrupted while its mpirun runs: mpirun is stopped and waited for, and its
    # session folder (which mpirun stopped at the wrong moment leaves: 0.2 s after its start
    # here, while it starts the ranks) goes with ours
    def test_an_mpi_point_interrupted(self):
        if shutil.which("mpirun") is None:
            self.skipTest("no mpirun")
        for sig in (signal.SIGINT, signal.SIGTERM):
            for delay in (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, RNG.uniform(0.0, 0.6)):
                with self.subTest(signal=sig.name, delay=delay):
                    run = Run(self, ["scale", "integrate", "--backends", "mpi", "--workers", "2",
                                     "--repeat", "200", "--n", "3000", "--out", "-"])
                    try:
                        end = time.monotonic() + 60
                        while time.monotonic() < end and run.proc.poll() is None and not any(
                                "mpirun" in describe([p]) for p in children(run.proc.pid)):
                            time.sleep(0.005)
                        if run.proc.poll() is not None:
                            self.fail("scale ended before its mpirun started: " + run.stderr())
                        time.sleep(delay)
                        run.seen.update(children(run.proc.pid))
                        run.proc.send_signal(sig)
                        self.assertEqual(run.wait(), -sig, run.stderr())
                        run.check_clean(within=MPI_DETECT_S)
                    finally:
                        run.close()

    # ---- a task fails (a book that is not UTF-8): one error naming it, the rest is correct
    def test_a_task_fails(self):
        for backend in ("serial", "threads", "processes"):
            with self.subTest(backend=backend):
                d = self.fresh_corpus()
                with open(os.path.join(d, "book03.txt"), "ab") as f:
                    f.write(b"\n\xff\xfe broken\n")
                run = Run(self, ["pipeline", d, "-q", "--backend", backend, "-j", "2",
                                 "--keep-going"])
                try:
                    self.assertEqual(run.wait(), 1, run.stderr())
                    self.assert_one_error(run, "book03")
                    run.check_clean(d)
                    made = snapshot(d)
                    for name, data in made.items():
                        if "book03" not in name and name.startswith(("processed_data", "results")) \
                                and not name.startswith("results/results"):
                            self.assertEqual(data, self.clean[name], name)
                    self.assertNotIn("processed_data/book03.dat", made)
                finally:
                    run.close()

    # ---- too few file descriptors: a clear error (or success), never a hang or a crash
    def test_a_tight_descriptor_limit(self):
        for backend in ("threads", "processes"):
            for nofile in (8, 12, 20):
                with self.subTest(backend=backend, nofile=nofile):
                    d = self.fresh_corpus()
                    run = Run(self, ["pipeline", d, "-q", "--backend", backend, "-j", "2"],
                              nofile=nofile)
                    try:
                        rc = run.wait()
                        if rc == 0:
                            self.assertEqual(snapshot(d), self.clean)
                        else:
                            self.assertEqual(rc, 1, run.stderr())
                            self.assertTrue(all(ln.startswith("parkit: error:")
                                                for ln in run.stderr().splitlines()), run.stderr())
                            self.assert_outputs_complete_or_absent(d)
                        run.check_clean(d)
                    finally:
                        run.close()

    # ---- an MPI rank is killed: the job ends within 10 s, no rank is left
    def test_an_mpi_rank_killed(self):
        if shutil.which("mpirun") is None:
            self.skipTest("no mpirun")
        probe = subprocess.run([PARKIT, "integrate", "--backend", "mpi", "--n", "10"],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            self.skipTest("this build has no MPI")
        for work in ("integrate", "pipeline"):
            with self.subTest(workload=work):
                args, folder = self.workload(work, "mpi")
                run = Run(self, args, prefix=("mpirun", "-np", "3"))
                try:
                    kids = [p for p in run.workers(3, timeout=60)]
                    ranks = [p for p in kids if p in children(run.proc.pid)
                             and self.is_parkit(p)]
                    if len(ranks) < 3:
                        ranks = [p for p in children(run.proc.pid) if self.is_parkit(p)]
                    time.sleep(RNG.uniform(0.2, 0.6))
                    if run.proc.poll() is not None or len(ranks) < 2:
                        self.skipTest("finished before the fault")
                    os.kill(ranks[-1], signal.SIGKILL)
                    t0 = time.monotonic()
                    rc = run.wait()
                    self.assertLess(time.monotonic() - t0, MPI_DETECT_S)
                    self.assertNotEqual(rc, 0)
                    run.check_clean(folder)
                    if folder:
                        self.assert_outputs_complete_or_absent(folder)
                finally:
                    run.close()

    @staticmethod
    def is_parkit(pid):
        try:
            return os.readlink(f"/proc/{pid}/exe") == os.path.realpath(PARKIT)
        except OSError:
            return False


class FullDisk(unittest.TestCase):
    """Outputs on a small tmpfs that fills up: exit 1, one line, the old file kept, no temporary."""

    @classmethod
    def setUpClass(cls):
        cls.mnt = tempfile.mkdtemp(prefix="parkit-full-")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", cls.mnt],
                           capture_output=True, text=True)
        if r.returncode != 0:
            os.rmdir(cls.mnt)
            raise unittest.SkipTest("cannot mount a small tmpfs here (needs root): " + r.stderr.strip())
        cls.work = tempfile.mkdtemp(prefix="parkit-full-src-")
        r = subprocess.run([PARKIT, "make-corpus", cls.work, "--books", "1", "--words", "60000"],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        cls.book = os.path.join(cls.work, "book01.txt")
        cls.dat = os.path.join(cls.work, "book01.dat")
        assert subprocess.run([PARKIT, "wordcount", cls.book, cls.dat]).returncode == 0

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["umount", cls.mnt])
        os.rmdir(cls.mnt)
        shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self):
        for f in os.listdir(self.mnt):
            os.remove(os.path.join(self.mnt, f))

    def fill(self, leave):
        """Fills the tmpfs but `leave` bytes, with a file named filler."""
        st = os.statvfs(self.mnt)
        free = st.f_bavail * st.f_frsize
        with open(os.path.join(self.mnt, "filler"), "wb") as f:
            f.write(b"x" * max(0, free - leave))

    def check(self, args, out):
        with open(out, "wb") as f:
            f.write(b"the old file")
        self.fill(8192)
        r = subprocess.run([PARKIT, *args], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 1, r.stderr)
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("parkit: error:"), lines[0])
        self.assertIn(os.path.basename(out), lines[0])
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"the old file")
        self.assertEqual(temporaries(self.mnt), [])

    def test_wordcount(self):
        self.check(["wordcount", self.book, os.path.join(self.mnt, "out.dat")],
                   os.path.join(self.mnt, "out.dat"))

    def test_figures(self):
        for ext in ("svg", "png"):
            with self.subTest(ext=ext):
                self.setUp()
                out = os.path.join(self.mnt, "fig." + ext)
                self.check(["plot-counts", self.dat, out, "-n", "40"], out)

    def test_acf(self):
        out = os.path.join(self.mnt, "acf.csv")
        self.check(["acf", self.book, self.dat, out, "--words", "200", "--timesteps", "400"], out)


if __name__ == "__main__":
    PARKIT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
