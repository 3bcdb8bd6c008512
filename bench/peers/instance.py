"""An instance exported by `gdbench export-instance`, the check every peer passes before its time
counts, and the timing rule all peers share (median of repeats, with the range)."""
import json
import os
import statistics
import time

import numpy as np


class Instance:
    def __init__(self, directory):
        with open(os.path.join(directory, "instance.json")) as f:
            self.meta = json.load(f)
        self.n = self.meta["n"]
        self.batch = self.meta["batch"]
        self.iterations = self.meta["iterations"]
        self.optimizer = self.meta["optimizer"]

        def load(name, shape):
            # Raw little-endian fp64, column-major (A is symmetric; X is n x batch).
            return np.fromfile(os.path.join(directory, name), dtype="<f8").reshape(shape, order="F")

        # A is symmetric: C order holds the same matrix, and is the layout a NumPy user has.
        self.A = np.ascontiguousarray(load("A.f64", (self.n, self.n)))
        self.b = load("b.f64", (self.n,))
        self.x0 = load("x0.f64", (self.n,))
        self.lr = load("lr.f64", (self.batch,))
        self.x_gdbench = load("x_gdbench.f64", (self.n, self.batch))
        self.gdbench_seconds = statistics.median(self.meta["gdbench_seconds_per_iteration"])

    def work(self):
        return "%s iteration n=%d B=%d" % (self.optimizer, self.n, self.batch)


# Agreement required between a peer's iterates and gdbench's after K iterations, relative to the
# largest entry: far above the rounding of two BLAS summation orders (about 1e-15 per product,
# contracted by every stable step), far below any real difference in the algorithm.
RELATIVE_TOLERANCE = 1e-9


class Mismatch(Exception):
    pass


def check(peer, inst, x):
    """Raises Mismatch unless x (n x batch) is gdbench's result on the same instance and work."""
    x = np.asarray(x, dtype=np.float64).reshape(inst.n, inst.batch)
    scale = np.max(np.abs(inst.x_gdbench))
    error = float(np.max(np.abs(x - inst.x_gdbench)) / scale)
    if not error <= RELATIVE_TOLERANCE:
        raise Mismatch("%s on %s: MISMATCH, max relative difference %.3g from gdbench (allowed %.0e)"
                       % (peer, inst.work(), error, RELATIVE_TOLERANCE))
    return error


def seconds_per_iteration(run, iterations, repeats, synchronize=lambda: None):
    """Times run() (which does `iterations` iterations) `repeats` times; median and range per iteration."""
    times = []
    for _ in range(repeats):
        synchronize()
        start = time.perf_counter()
        run()
        synchronize()
        times.append((time.perf_counter() - start) / iterations)
    return statistics.median(times), min(times), max(times)
