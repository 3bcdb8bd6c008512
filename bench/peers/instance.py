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
        # gdbench rounds the instance to its precision and iterates in it; the peers do the same.
        self.precision = self.meta.get("precision", "fp64")
        self.dtype = np.float32 if self.precision == "fp32" else np.float64

        def load(name, shape):
            # Raw little-endian fp64, column-major (A is symmetric; X is n x batch).
            return np.fromfile(os.path.join(directory, name), dtype="<f8").reshape(shape, order="F")

        # A is symmetric: C order holds the same matrix, and is the layout a NumPy user has.
        self.A = np.ascontiguousarray(load("A.f64", (self.n, self.n)), dtype=self.dtype)
        self.b = load("b.f64", (self.n,)).astype(self.dtype)
        self.x0 = load("x0.f64", (self.n,)).astype(self.dtype)
        self.lr = load("lr.f64", (self.batch,)).astype(self.dtype)
        self.x_gdbench = load("x_gdbench.f64", (self.n, self.batch))
        self.gdbench_seconds = statistics.median(self.meta["gdbench_seconds_per_iteration"])

    def work(self):
        return "%s iteration n=%d B=%d%s" % (self.optimizer, self.n, self.batch,
                                             " fp32" if self.precision == "fp32" else "")

    def tolerance(self):
        """The agreement a peer must reach with gdbench, relative to the largest entry (see below)."""
        if self.precision == "fp64":
            return RELATIVE_TOLERANCE
        return 2 * FP32_SAFETY * (self.meta["kappa"] + self.iterations) * np.sqrt(self.n) * FP32_UNIT_ROUNDOFF


# Agreement required between a peer's iterates and gdbench's after K iterations, relative to the
# largest entry: far above the rounding of two BLAS summation orders (about 1e-15 per product,
# contracted by every stable step), far below any real difference in the algorithm.
RELATIVE_TOLERANCE = 1e-9
# In fp32 both sides round at u = 2^-24. gdbench's bound on a run's distance from exact arithmetic
# (linalg.Precision.iterateErrorBound, derived in backend.cuda.Verification) is
# SAFETY (kappa + K) sqrt(n) u relative to the largest entry: storing the instance moves x* by about
# kappa u, and each of K iterations adds about sqrt(n) u from its products' sums. Two fp32 runs,
# each within that bound of exact arithmetic, agree to twice it.
FP32_UNIT_ROUNDOFF = 2.0 ** -24
FP32_SAFETY = 4


class Mismatch(Exception):
    pass


def check(peer, inst, x):
    """Raises Mismatch unless x (n x batch) is gdbench's result on the same instance and work."""
    x = np.asarray(x, dtype=np.float64).reshape(inst.n, inst.batch)
    scale = np.max(np.abs(inst.x_gdbench))
    error = float(np.max(np.abs(x - inst.x_gdbench)) / scale)
    if not error <= inst.tolerance():
        raise Mismatch("%s on %s: MISMATCH, max relative difference %.3g from gdbench (allowed %.2g)"
                       % (peer, inst.work(), error, inst.tolerance()))
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
