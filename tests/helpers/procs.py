"""What the end-to-end tests know of processes: whether one still runs, what it is, and which
carry a tag in their environment (every process of a test's run inherits it)."""
import os


def alive(pid):
    """Running (a zombie is dead; init reaps it, or the container's init never will)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def describe(pids):
    """What each process is: its command line and state, for a failure message."""
    out = []
    for p in pids:
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            with open(f"/proc/{p}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            out.append(f"{p} [{state}] {cmd}")
        except OSError:
            out.append(f"{p} (gone)")
    return "; ".join(out)


def tagged(tag):
    """Processes whose environment holds the tag (zombies too: filter with alive())."""
    found = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/environ", "rb") as f:
                    if tag.encode() in f.read():
                        found.append(int(d))
            except OSError:
                pass
    return found
