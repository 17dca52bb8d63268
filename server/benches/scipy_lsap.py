"""Time scipy.optimize.linear_sum_assignment(maximize=True) on a matrix file.

File format: two little-endian u64 (n_rows, n_cols) then n_rows*n_cols little-endian f64,
row-major. Usage: scipy_lsap.py FILE [REPEATS=3]. Prints one JSON line
{"seconds": best_of_repeats, "total": sum_of_assigned_weights}; only the solver call is timed.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main():
    path = sys.argv[1]
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, "rb") as fh:
        n_rows, n_cols = np.frombuffer(fh.read(16), dtype="<u8")
        m = np.frombuffer(fh.read(), dtype="<f8").reshape(int(n_rows), int(n_cols))
    m = np.ascontiguousarray(m, dtype=np.float64)
    best = float("inf")
    total = None
    for _ in range(k):
        t0 = time.perf_counter()
        r, c = linear_sum_assignment(m, maximize=True)
        dt = time.perf_counter() - t0
        best = min(best, dt)
        total = float(m[r, c].sum())
    print(json.dumps({"seconds": best, "total": total}))


if __name__ == "__main__":
    main()
