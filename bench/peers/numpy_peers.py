"""NumPy, as a user would write it: one configuration at a time in plain loops (the course
notebooks' style), and batched with X as an n x B matrix and one matmul per iteration. In the
instance's dtype throughout (fp32 instances stay float32: Python scalars do not promote them)."""
import math

import numpy as np

NAME = "numpy " + np.__version__


def gd_loops(inst):
    """x -= lr * grad(x), one configuration after another."""
    A, b = inst.A, inst.b
    out = np.empty((inst.n, inst.batch), dtype=inst.dtype)
    for j in range(inst.batch):
        x = inst.x0.copy()
        for _ in range(inst.iterations):
            g = A @ x - b
            x = x - inst.lr[j] * g
        out[:, j] = x
    return out


def gd_batched(inst):
    """X -= lr * (A X - b 1^T), every configuration in one product."""
    A, b, lr = inst.A, inst.b[:, None], inst.lr[None, :]
    X = np.repeat(inst.x0[:, None], inst.batch, axis=1)
    for _ in range(inst.iterations):
        X -= lr * (A @ X - b)
    return X


def adam_batched(inst):
    """Adam, torch convention (eps outside the square root), all configurations at once."""
    beta1, beta2, eps = inst.meta["beta1"], inst.meta["beta2"], inst.meta["eps"]
    A, b, lr = inst.A, inst.b[:, None], inst.lr[None, :]
    X = np.repeat(inst.x0[:, None], inst.batch, axis=1)
    m = np.zeros_like(X)
    v = np.zeros_like(X)
    for t in range(1, inst.iterations + 1):
        g = A @ X - b
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        step = lr / (1 - beta1 ** t)
        X -= step * m / (np.sqrt(v) / math.sqrt(1 - beta2 ** t) + eps)
    return X


# Above this n * B the per-configuration loops take minutes for a figure already known (4x slower).
MAX_LOOPS_ELEMENTS = 1024 * 64


def peers(inst):
    """(peer name, function of the instance, synchronize) for each peer doing this instance's work."""
    if inst.optimizer == "gd":
        loops = [("numpy loops", gd_loops, None)] if inst.n * inst.batch <= MAX_LOOPS_ELEMENTS else []
        return loops + [("numpy batched", gd_batched, None)]
    if inst.optimizer == "adam":
        return [("numpy batched", adam_batched, None)]
    return []
