#!/usr/bin/env python3
"""The stability-map benchmark, timed in one run on one machine: `gdbench map` end to end, `gdbench
sweep` on as many rows of the same grid as it runs in about a minute (scaled to the whole grid), and
the same map in NumPy, vectorised over the grid as a user would write it (all points advance
together; convergence and divergence are checked at gdbench's checkpoints, every 10 iterations and
its log-spaced history points, so that the counts compare).

The problem is f = 1/2 (0.01 w1^2 + w2^2), kappa = 100 (--eigenvalues 0.01,1 --x0 1,1: A diagonal,
x* = 0), so NumPy needs no exported instance. NumPy's iteration counts are checked against
gdbench's iters_1e-06 grid before its time is reported: at least 99% of the points must have
the same count. Writes DIR/timings.csv and prints the ratios."""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EIGENVALUES = (0.01, 1.0)
X0 = (1.0, 1.0)
TOLERANCE = 1e-6
CHECK_EVERY = 10


def gdbench(args):
    command = [os.path.join(ROOT, "gdbench")] + args
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def common(iterations):
    return ["--eigenvalues", ",".join(map(str, EIGENVALUES)), "--x0", ",".join(map(str, X0)), "--optimizers",
            "heavyball", "--max-iters", str(iterations), "--tol", str(TOLERANCE)]


def numpy_map(scales, momenta, iterations):
    """Heavy ball on every (lr, beta) at once: the arrays are the grid, (len(momenta), len(scales))."""
    lam1, lam2 = EIGENVALUES
    lr = (scales / max(EIGENVALUES))[None, :]
    beta = momenta[:, None]
    shape = (len(momenta), len(scales))
    x1 = np.full(shape, X0[0])
    x2 = np.full(shape, X0[1])
    v1 = np.zeros(shape)
    v2 = np.zeros(shape)
    f0 = 0.5 * (lam1 * X0[0] ** 2 + lam2 * X0[1] ** 2)
    met = np.full(shape, -1, dtype=np.int32)
    # gdbench's checkpoints: every CHECK_EVERY iterations and its log-spaced history points 1, 2, ..., 10, 13, 16, ...
    checks = set(range(CHECK_EVERY, iterations + 1, CHECK_EVERY)) | {iterations}
    checks |= {int(math.floor(10 ** (j / 10) + 0.5)) for j in range(0, 10 * len(str(iterations)) + 1)
               if 10 ** (j / 10) <= iterations}
    diverged = np.zeros(shape, dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, iterations + 1):
            v1 = beta * v1 + lam1 * x1
            v2 = beta * v2 + lam2 * x2
            x1 = x1 - lr * v1
            x2 = x2 - lr * v2
            if k in checks:
                f = 0.5 * (lam1 * x1 * x1 + lam2 * x2 * x2)
                newly = (met < 0) & ~diverged & (f <= TOLERANCE * f0)
                met[newly] = k
                diverged |= (met < 0) & ~(f <= 1e10 * f0)
    return met, diverged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--points", type=int, default=1000, help="points per axis (default 1000)")
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--sweep-rows", type=int, default=10, help="momentum rows sweep runs (default 10)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    n = args.points
    x_axis = "lr-scale=0.01:2.5:%d" % n
    y_axis = "momentum=0:0.99:%d" % n
    map_dir = os.path.join(args.out, "map")
    gdbench(["--version"])  # builds the jar and the launcher's class-data archive if missing: not part of any timing
    map_seconds = gdbench(["map"] + common(args.iterations) + ["--x-axis", x_axis, "--y-axis", y_axis,
                                                             "--out", map_dir, "-q"])
    folder = os.path.join(map_dir, "maps", os.listdir(os.path.join(map_dir, "maps"))[0])
    scales = np.load(os.path.join(folder, "x.npy"))
    momenta = np.load(os.path.join(folder, "y.npy"))
    gdbench_met = np.load(os.path.join(folder, "iters_1e-06.npy"))

    rows = momenta[:: max(1, n // args.sweep_rows)][: args.sweep_rows]
    sweep_seconds = gdbench(["sweep"] + common(args.iterations) + [
        "--lr-scale", ",".join(repr(float(s)) for s in scales), "--momentum", ",".join(repr(float(m)) for m in rows),
        "--backend", "cpu", "--no-report", "-q", "--out", os.path.join(args.out, "sweep")])
    sweep_scaled = sweep_seconds * n / len(rows)

    start = time.perf_counter()
    met, diverged = numpy_map(scales, momenta, args.iterations)
    numpy_seconds = time.perf_counter() - start
    both = (met >= 0) & (gdbench_met >= 0)
    # The same checkpoints, but NumPy sums f in its own order: a point whose f crosses the tolerance
    # within rounding of a checkpoint may count differently.
    close = ((met < 0) & (gdbench_met < 0)) | (both & (met == gdbench_met))
    agree = float(np.mean(close))
    max_difference = int(np.max(np.abs(met[both] - gdbench_met[both]))) if both.any() else 0
    if agree < 0.99:
        print("numpy disagrees with gdbench: only %.4f of points agree on iterations to %g "
              % (agree, TOLERANCE), file=sys.stderr)
        sys.exit(1)

    rows_out = [
        ("gdbench map", "%d x %d" % (n, n), map_seconds, 1.0),
        ("gdbench sweep (%d of %d rows, scaled)" % (len(rows), n), "%d x %d" % (n, len(rows)), sweep_scaled,
         sweep_scaled / map_seconds),
        ("numpy " + np.__version__ + " vectorised", "%d x %d" % (n, n), numpy_seconds, numpy_seconds / map_seconds),
    ]
    with open(os.path.join(args.out, "timings.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["tool", "grid", "seconds_end_to_end", "ratio_to_gdbench_map"])
        for tool, grid, seconds, ratio in rows_out:
            writer.writerow([tool, grid, "%.3f" % seconds, "%.2f" % ratio])
    with open(os.path.join(args.out, "agreement.json"), "w") as f:
        json.dump({"points_with_equal_iterations_to_tolerance": agree, "max_iteration_difference": max_difference,
                   "sweep_seconds_measured": sweep_seconds, "sweep_rows": len(rows)}, f, indent=2)
    for tool, grid, seconds, ratio in rows_out:
        print("%-42s %-12s %9.2f s  x%.2f" % (tool, grid, seconds, ratio))


if __name__ == "__main__":
    main()
