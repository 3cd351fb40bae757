#!/usr/bin/env python3
"""ipyparallel's overhead, for bench/cluster.sh to set beside parkit cluster's in the same run:
an empty call's round trip through the load-balanced view, and empty calls a second with 2
engines (apply_async of N, then every get). Usage: ipp_round_trip.py [N]"""
import statistics
import sys
import time

import ipyparallel as ipp


def nothing():
    return None


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with ipp.Cluster(n=2, log_level=40) as rc:
        rc.wait_for_engines(2, timeout=120)
        lb = rc.load_balanced_view()
        for _ in range(50):
            lb.apply_sync(nothing)
        trips = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(n // 5):
                lb.apply_sync(nothing)
            trips.append((time.perf_counter() - t0) / (n // 5))
        t0 = time.perf_counter()
        calls = [lb.apply_async(nothing) for _ in range(n)]
        for c in calls:
            c.get()
        rate = n / (time.perf_counter() - t0)
        print(f"ipyparallel {ipp.__version__}: round trip {statistics.median(trips) * 1e6:.0f} us "
              f"(median of 5 x {n // 5}), {rate:.0f} calls/s with 2 engines ({n} in flight)")


if __name__ == "__main__":
    main()
