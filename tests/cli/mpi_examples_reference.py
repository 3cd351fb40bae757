#!/usr/bin/env python3
"""What the tutorials' mpi4py examples print at N ranks, rank by rank in rank order (parkit's
rank 0 prints every rank's lines in that order), computed with Python and NumPy themselves:
the differential reference for `parkit mpi NAME`. Needs numpy (Debian's python3-numpy).
Usage: mpi_examples_reference.py NAME N. The tests import it for expected() and NAMES (it
imports NumPy only when run, so any Python can import it)."""
import functools
import os
import subprocess
import sys

np = None  # numpy, once run as a program


def p(*args):  # print(*args) as one line
    return " ".join(str(a) for a in args)


def hello(n):
    return [p(f"Hello from process {r} out of {n}") for r in range(n)]


def send_strings(n):
    return [f"Hello World, I'm rank {s}" for s in range(1, n)]


def bcast_string(n):
    return [f"rank {r} received message: Hello World from rank 0" for r in range(1, n)]


def gather_strings(n):
    return [f"Hello World, I'm rank {r}" for r in range(n)]


def scatter_strings(n):
    return [f"rank {r} received message: Hello World from rank 0 to rank {r}" for r in range(n)]


def sendrecv(n):
    return [p("rank ", 1, "data = ", {'a': 7, 'b': 3.14}),
            p("Rank ", 1, " data ", np.arange(10, dtype='i')),
            p("Rank ", 1, " data. ", np.arange(10, dtype=np.float64))]


def bcast(n):
    data = {'key1': [7, 2.72, 2 + 3j], 'key2': ('abc', 'xyz')}
    out = []
    for r in range(n):
        out += [p("rank ", r, "data = ", data), p("Rank ", r, " data ", np.arange(10, dtype='i'))]
    return out


def scatter(n):
    sendbuf = np.empty([n, 10], dtype='i')
    sendbuf.T[:, :] = range(n)
    out = []
    for r in range(n):
        out += [p("rank ", r, "data = ", (r + 1) ** 2), p("Rank ", r, " data ", sendbuf[r])]
    return out


def gather(n):
    recvbuf = np.array([np.zeros(10, dtype='i') + r for r in range(n)])
    return [p("rank ", 0, "data = ", [(r + 1) ** 2 for r in range(n)]), p("Rank ", 0, " data ", recvbuf)]


def reduce(n):
    total = np.zeros(10, dtype='i')
    for r in range(n):
        total += np.arange(10, dtype='i') * (r + 1)
    return [p("rank ", 0, "data = ", sum(r + 1 for r in range(n))), p("Rank ", 0, " data ", total)]


def allreduce(n):
    before = [np.arange(10) * 0.1 * r for r in range(n)]
    after = before[0].copy()
    for r in range(1, n):
        after += before[r]  # in rank order, as parkit reduces
    total = sum(r + 1 for r in range(n))
    out = []
    for r in range(n):
        out += [p("rank ", r, "data = ", total), p("Rank ", r, " before ", before[r]),
                p("Rank ", r, " after ", after)]
    return out


EXAMPLES = {"hello": hello, "send-strings": send_strings, "bcast-string": bcast_string,
            "gather-strings": gather_strings, "scatter-strings": scatter_strings,
            "sendrecv": sendrecv, "bcast": bcast, "scatter": scatter, "gather": gather,
            "reduce": reduce, "allreduce": allreduce}

NAMES = tuple(EXAMPLES)


def numpy_python():
    """A Python with NumPy (Debian's python3-numpy is in /usr/bin/python3, which may not be the
    python3 first on PATH)."""
    for exe in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([exe, "-c", "import numpy"], capture_output=True).returncode == 0:
            return exe
    raise AssertionError("no Python with numpy: install python3-numpy (scripts/install-deps.sh)")


@functools.lru_cache(maxsize=None)
def expected(name, n):
    """What the tutorials' mpi4py programs print for `name` at n ranks, from Python and NumPy."""
    return subprocess.run([numpy_python(), os.path.abspath(__file__), name, str(n)],
                          capture_output=True, text=True, check=True).stdout


if __name__ == "__main__":
    import numpy
    np = numpy
    name, n = sys.argv[1], int(sys.argv[2])
    lines = EXAMPLES[name](n)
    sys.stdout.write("".join(line + "\n" for line in lines))
