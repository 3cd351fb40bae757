#!/usr/bin/env python3
"""`parkit cluster` and `parkit engine` end to end (issue 14): start/status/stop on processes and
MPI engines, the tutorials' ipyparallel exercise (mpi_acf through the broadcast view) against
`parkit acf`, bad input, and faults (an engine or the controller SIGKILLed, a client
interrupted, a stale connection file), each followed by the check that no process, socket or
file of the cluster is left.

Every test runs with a private XDG_RUNTIME_DIR (the connection files) and a tag in the
environment, which every process of its clusters inherits: a process left behind is found by
its tag in /proc/PID/environ.

Usage: test_cluster_cli.py PATH_TO_PARKIT BOOKS_DIR"""
import json
import random
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "helpers"))
from procs import alive, tagged  # noqa: E402

PARKIT = None
BOOKS = None


def live_tagged(tag):
    return [p for p in tagged(tag) if alive(p)]


def mpi_usable():
    if shutil.which("mpirun") is None:
        return False
    if os.geteuid() == 0:
        return bool(os.environ.get("OMPI_ALLOW_RUN_AS_ROOT") and
                    os.environ.get("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"))
    return True


class ClusterCase(unittest.TestCase):
    def setUp(self):
        self.runtime = tempfile.mkdtemp(prefix="parkit-cluster-cli-")
        os.chmod(self.runtime, 0o700)
        self.work = tempfile.mkdtemp(prefix="parkit-cluster-work-")
        self.tag = "PARKIT_CLUSTER_TEST_TAG=" + uuid.uuid4().hex
        self.env = dict(os.environ, XDG_RUNTIME_DIR=self.runtime,
                        PARKIT_CLUSTER_TEST_TAG=self.tag.split("=", 1)[1])
        self.env.setdefault("ASAN_OPTIONS", "detect_leaks=0")

    def tearDown(self):
        for p in live_tagged(self.tag):  # a failed test must not leave its cluster running
            os.kill(p, signal.SIGKILL)
        shutil.rmtree(self.runtime, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)

    def parkit(self, *args, check=True, timeout=120, raw=False):
        """parkit ARGS (raw: ARGS is the whole command line)."""
        r = subprocess.run([*args] if raw else [PARKIT, *args], env=self.env, cwd=self.work,
                           capture_output=True, text=True, timeout=timeout)
        if check:
            self.assertEqual(r.returncode, 0, f"parkit {' '.join(args)}: {r.stderr}")
        return r

    def a_book(self):
        """pg99 of the reference corpus, or (where it is absent, as in CI) a book of our own."""
        book = os.path.join(BOOKS, "pg99.txt")
        if os.path.exists(book):
            return book
        rng = random.Random(99)
        words = ["the", "a", "whale", "sea", "ship", "captain", "and", "of", "to", "in",
                 "white", "boat", "man", "old", "water", "deep", "ahab", "stubb"]
        book = os.path.join(self.work, "book.txt")
        with open(book, "w") as f:
            for _ in range(4000):
                f.write(" ".join(rng.choice(words) for _ in range(12)) + "\n")
        return book

    def conn_file(self, profile="default"):
        return os.path.join(self.runtime, "parkit", f"cluster-{profile}.json")

    def controller(self, profile="default"):
        with open(self.conn_file(profile)) as f:
            return json.load(f)["controller"]

    def engine_pids(self, profile="default"):
        out = self.parkit("cluster", "status", "--profile", profile).stdout
        pids = []
        for line in out.splitlines()[2:]:
            cols = line.split()
            if cols and cols[0].isdigit() and "gone" not in line:
                pids.append(int(cols[1]))
        return pids

    def assert_nothing_left(self, profile="default"):
        deadline = time.time() + 5
        while live_tagged(self.tag) and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual(live_tagged(self.tag), [], "processes of the cluster are left")
        left = os.listdir(os.path.join(self.runtime, "parkit"))
        self.assertEqual([n for n in left if n.endswith(".json")], [], "a connection file is left")


class StartStatusStop(ClusterCase):
    def check_cycle(self, n, engines):
        r = self.parkit("cluster", "start", "-n", str(n), "--engines", engines)
        self.assertIn(f"{n} engines ({engines})", r.stdout)
        mode = stat.S_IMODE(os.stat(self.conn_file()).st_mode)
        self.assertEqual(mode, 0o600)
        with open(self.conn_file()) as f:
            conn = json.load(f)
        for k in ("engines", "clients"):
            self.assertTrue(conn[k].startswith("tcp://127.0.0.1:"), conn[k])
        out = self.parkit("cluster", "status").stdout
        self.assertIn(f"{n} engines ({engines})", out)
        self.assertEqual(len(self.engine_pids()), n)
        hosts = self.parkit("cluster", "run", "--", "integrate", "--n", "200").stdout
        if n > 1:
            for k in range(n):
                self.assertIn(f"[stdout:{k}]", hosts)
        squares = self.parkit("cluster", "map", "square", *map(str, range(10))).stdout.split()
        self.assertEqual(squares, [str(i * i) for i in range(10)])
        self.parkit("cluster", "stop")
        self.assert_nothing_left()

    def test_processes_1_to_4(self):
        for n in (1, 2, 3, 4):
            with self.subTest(n=n):
                self.check_cycle(n, "processes")

    @unittest.skipUnless(mpi_usable(), "no usable mpirun")
    def test_mpi_1_to_4(self):
        for n in (1, 2, 3, 4):
            with self.subTest(n=n):
                self.check_cycle(n, "mpi")

    def test_only_loopback_listens_unless_ip(self):
        self.parkit("cluster", "start", "-n", "1")
        pid = self.controller()
        ports = listening(pid)
        self.assertEqual(len(ports), 2, ports)
        for addr, _ in ports:
            self.assertEqual(addr, "127.0.0.1")
        self.parkit("cluster", "stop")
        self.parkit("cluster", "start", "-n", "1", "--ip", "0.0.0.0", "--profile", "net")
        self.assertEqual({a for a, _ in listening(self.controller("net"))}, {"0.0.0.0"})
        self.parkit("cluster", "stop", "--profile", "net")
        self.assert_nothing_left()

    def test_two_profiles_side_by_side(self):
        self.parkit("cluster", "start", "-n", "1", "--profile", "a")
        self.parkit("cluster", "start", "-n", "2", "--profile", "b")
        self.assertEqual(len(self.engine_pids("a")), 1)
        self.assertEqual(len(self.engine_pids("b")), 2)
        r = self.parkit("cluster", "start", "-n", "1", "--profile", "a", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("already running", r.stderr)
        self.parkit("cluster", "stop", "--profile", "a")
        self.assertEqual(len(self.engine_pids("b")), 2)
        self.parkit("cluster", "stop", "--profile", "b")
        self.assert_nothing_left()


def listening(pid):
    """(address, port) of the TCP sockets process `pid` listens on."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    out = []
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # LISTEN
                hexaddr, hexport = cols[1].split(":")
                addr = ".".join(str(int(hexaddr[i:i + 2], 16)) for i in (6, 4, 2, 0))
                out.append((addr, int(hexport, 16)))
    return out


@unittest.skipUnless(mpi_usable(), "no usable mpirun")
class TheTutorialsExercise(ClusterCase):
    def test_mpi_acf_through_the_broadcast_view_equals_parkit_acf(self):
        book = self.a_book()
        self.parkit("wordcount", book, "pg99.dat")
        self.parkit("acf", book, "pg99.dat", "direct.csv")
        for n in (1, 2, 4):
            with self.subTest(n=n):
                self.parkit("cluster", "start", "-n", str(n), "--engines", "mpi")
                cwd = self.parkit("cluster", "run", "--", "acf", "--help").returncode
                self.assertEqual(cwd, 0)
                self.parkit("cluster", "run", "--", "acf", book, "pg99.dat", f"c{n}.csv",
                            "--backend", "mpi")
                with open(os.path.join(self.work, "direct.csv"), "rb") as a, \
                        open(os.path.join(self.work, f"c{n}.csv"), "rb") as b:
                    self.assertEqual(a.read(), b.read())
                self.parkit("cluster", "stop")
        self.assert_nothing_left()


class WorkloadTasks(ClusterCase):
    def test_workloads_as_tasks_equal_their_commands(self):
        book = self.a_book()
        self.parkit("wordcount", book, "book.dat")
        self.parkit("cluster", "start", "-n", "2")
        got = self.parkit("cluster", "map", "wordcount", book).stdout
        with open(os.path.join(self.work, "book.dat")) as f:
            self.assertEqual(got, f.read() + "\n")
        direct = self.parkit("integrate", "--n", "300").stdout
        value = float(self.parkit("cluster", "map", "integrate", "300").stdout)
        self.assertIn(f"Integral value is {value:e},", direct)
        self.parkit("cluster", "stop")
        self.assert_nothing_left()

    @unittest.skipUnless(mpi_usable(), "no usable mpirun")
    def test_mpi_backend_needs_every_engine_of_the_world(self):
        book = self.a_book()
        self.parkit("wordcount", book, "book.dat")
        self.parkit("cluster", "start", "-n", "2", "--engines", "mpi")
        r = self.parkit("cluster", "run", "--targets", "0", "--", "acf", book, "book.dat",
                        "x.csv", "--backend", "mpi", check=False)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("every engine", r.stderr)
        self.parkit("cluster", "stop")
        self.assert_nothing_left()


class BadInput(ClusterCase):
    def assert_usage(self, *args, says):
        r = self.parkit(*args, check=False)
        self.assertEqual(r.returncode, 2, r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn(says, lines[0])

    def test_bad_usage_is_one_line_and_exit_2(self):
        self.assert_usage("cluster", "start", "-n", "0", says="-n")
        self.assert_usage("cluster", "start", "--engines", "gpu", says="gpu")
        self.assert_usage("cluster", "start", "--ip", "localhost", says="--ip")
        self.assert_usage("cluster", "start", "--profile", "../x", says="profile")
        self.assert_usage("cluster", "status", "--profile", "nope", says="no cluster")
        self.assert_usage("cluster", "run", "--", "integrate", says="no cluster")
        self.assert_usage("engine", "--connection", "/nonexistent.json", says="no cluster")
        self.parkit("cluster", "start", "-n", "1")
        self.assert_usage("cluster", "map", "no_such_task", "1", says="no_such_task")
        self.assert_usage("cluster", "map", "square", "seven", says="seven")
        self.assert_usage("cluster", "run", "--targets", "5", "--", "integrate", says="no engine 5")
        self.assert_usage("cluster", "run", "--", "cluster", "stop", says="does not run")
        self.parkit("cluster", "stop")
        self.assert_nothing_left()

    @unittest.skipUnless(os.geteuid() == 0, "mpirun refuses only root")
    def test_mpi_engines_as_root_without_mpiruns_consent(self):
        for k in ("OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"):
            self.env.pop(k, None)
        self.assert_usage("cluster", "start", "--engines", "mpi", says="OMPI_ALLOW_RUN_AS_ROOT")
        self.assertFalse(os.path.exists(self.conn_file()))

    def test_a_readable_connection_file_is_refused(self):
        self.parkit("cluster", "start", "-n", "1")
        os.chmod(self.conn_file(), 0o644)
        self.assert_usage("cluster", "status", says="refused")
        os.chmod(self.conn_file(), 0o600)
        self.parkit("cluster", "stop")
        self.assert_nothing_left()


class Faults(ClusterCase):
    def test_an_engine_killed_mid_task(self):
        self.parkit("cluster", "start", "-n", "2")
        pids = self.engine_pids()
        client = subprocess.Popen([PARKIT, "cluster", "run", "--targets", "0", "--", "pi",
                                   "--batches", "100000000"], env=self.env, cwd=self.work,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        killed = time.time()
        os.kill(pids[0], signal.SIGKILL)
        out, err = client.communicate(timeout=30)
        self.assertLess(time.time() - killed, 1.0)
        self.assertEqual(client.returncode, 1, err)
        self.assertIn("engine 0", err)
        self.assertIn("signal 9", err)
        status = self.parkit("cluster", "status").stdout
        self.assertIn("gone: killed by signal 9", status)
        self.assertEqual(self.parkit("cluster", "map", "square", "3").stdout, "9\n")
        self.parkit("cluster", "stop")
        self.assert_nothing_left()

    def test_the_controller_killed(self):
        self.parkit("cluster", "start", "-n", "2")
        client = subprocess.Popen([PARKIT, "cluster", "map", "sleep_ms", "20000"], env=self.env,
                                  cwd=self.work, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        time.sleep(1.0)
        killed = time.time()
        os.kill(self.controller(), signal.SIGKILL)
        out, err = client.communicate(timeout=30)
        self.assertLess(time.time() - killed, 1.0)
        self.assertEqual(client.returncode, 1, err)
        self.assertIn("is gone", err)
        # The engines end with their controller; the file is stale, and says so.
        deadline = time.time() + 2
        while live_tagged(self.tag) and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual(live_tagged(self.tag), [])
        r = self.parkit("cluster", "status", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("stale", r.stderr)
        self.assertIn(self.conn_file(), r.stderr)
        r = self.parkit("cluster", "start", "-n", "1")
        self.assertIn("stale", r.stderr)
        self.parkit("cluster", "stop")
        self.assert_nothing_left()

    def test_ctrl_c_in_a_client_cancels_its_calls_and_leaves_the_cluster(self):
        self.parkit("cluster", "start", "-n", "1")
        client = subprocess.Popen([PARKIT, "cluster", "map", "sleep_ms", *(["400"] * 20)],
                                  env=self.env, cwd=self.work, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        client.send_signal(signal.SIGINT)
        client.communicate(timeout=10)
        self.assertEqual(client.returncode, -signal.SIGINT)
        time.sleep(1.0)  # the call that was running ends; nothing else starts
        status = self.parkit("cluster", "status").stdout
        self.assertIn("0 queued, 0 running", status)
        done = int(status.rsplit(",", 1)[1].split()[0])
        self.assertLess(done, 6, status)
        self.assertEqual(self.parkit("cluster", "map", "square", "4").stdout, "16\n")
        self.parkit("cluster", "stop")
        self.assert_nothing_left()

    def test_stop_with_calls_queued(self):
        self.parkit("cluster", "start", "-n", "1")
        client = subprocess.Popen([PARKIT, "cluster", "map", "sleep_ms", *(["300"] * 20)],
                                  env=self.env, cwd=self.work, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        time.sleep(0.8)
        stopped = time.time()
        self.parkit("cluster", "stop")
        out, err = client.communicate(timeout=10)
        self.assertLess(time.time() - stopped, 2.0)
        self.assertEqual(client.returncode, 1, err)
        self.assertIn("stopped", err)
        self.assert_nothing_left()

    def test_sigterm_to_the_controller_ends_everything(self):
        self.parkit("cluster", "start", "-n", "2")
        os.kill(self.controller(), signal.SIGTERM)
        self.assert_nothing_left()


def make_namespaces(suffix):
    """Two network namespaces joined by a veth pair, 10.231.0.1 and .2; None if they cannot be
    made here (not root, no iproute2, no permission in this container)."""
    a, b = f"pka{suffix}", f"pkb{suffix}"
    va, vb = f"pkva{suffix}", f"pkvb{suffix}"
    steps = [["ip", "netns", "add", a], ["ip", "netns", "add", b],
             ["ip", "link", "add", va, "type", "veth", "peer", "name", vb],
             ["ip", "link", "set", va, "netns", a], ["ip", "link", "set", vb, "netns", b],
             ["ip", "-n", a, "addr", "add", "10.231.0.1/24", "dev", va],
             ["ip", "-n", b, "addr", "add", "10.231.0.2/24", "dev", vb],
             ["ip", "-n", a, "link", "set", va, "up"], ["ip", "-n", b, "link", "set", vb, "up"],
             ["ip", "-n", a, "link", "set", "lo", "up"], ["ip", "-n", b, "link", "set", "lo", "up"]]
    if shutil.which("ip") is None:
        return None
    for step in steps:
        if subprocess.run(step, capture_output=True).returncode != 0:
            drop_namespaces((a, b))
            return None
    return a, b


def drop_namespaces(names):
    for n in names:
        subprocess.run(["ip", "netns", "del", n], capture_output=True)


class TwoNamespaces(ClusterCase):
    """Across hosts, for real on one machine: the controller in one network namespace, an engine
    started by hand in another, reaching it over a veth pair."""

    def test_an_engine_in_another_namespace_joins_runs_and_is_missed(self):
        ns = make_namespaces(uuid.uuid4().hex[:6])
        if ns is None:
            self.skipTest("network namespaces cannot be made here (needs root and iproute2)")
        a, b = ns
        try:
            self.parkit("ip", "netns", "exec", a, PARKIT, "cluster", "start", "-n", "1", "--ip",
                        "10.231.0.1", raw=True)
            with open(self.conn_file()) as f:
                self.assertTrue(json.load(f)["engines"].startswith("tcp://10.231.0.1:"))
            engine = subprocess.Popen(["ip", "netns", "exec", b, PARKIT, "engine",
                                       "--connection", self.conn_file()], env=self.env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 20
            while time.time() < deadline and len(self.engine_pids_in(a)) < 2:
                time.sleep(0.1)
            self.assertEqual(len(self.engine_pids_in(a)), 2)
            out = self.parkit("ip", "netns", "exec", a, PARKIT, "cluster", "run", "--targets",
                              "1", "--", "integrate", "--n", "100", raw=True).stdout
            self.assertIn("integral", out.lower())
            # The engine in b cannot be watched as a child: its silence tells.
            engine.kill()
            engine.wait()
            deadline = time.time() + 5
            while time.time() < deadline and len(self.engine_pids_in(a)) > 1:
                time.sleep(0.1)
            status = self.parkit("ip", "netns", "exec", a, PARKIT, "cluster", "status",
                                 raw=True).stdout
            self.assertIn("gone: silent", status)
            self.parkit("ip", "netns", "exec", a, PARKIT, "cluster", "stop", raw=True)
            self.assert_nothing_left()
        finally:
            drop_namespaces(ns)

    def engine_pids_in(self, ns):
        out = self.parkit("ip", "netns", "exec", ns, PARKIT, "cluster", "status", raw=True).stdout
        return [line for line in out.splitlines()[2:]
                if line.split() and line.split()[0].isdigit() and "gone" not in line]


if __name__ == "__main__":
    PARKIT = os.path.abspath(sys.argv.pop(1))
    BOOKS = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
