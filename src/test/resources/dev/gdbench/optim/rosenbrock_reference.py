#!/usr/bin/python3
"""Reference trajectories on the 2-D Rosenbrock function from (-1, 1), written by torch.optim.

    f(x, y) = (1 - x)^2 + 100 (y - x^2)^2

Run with Debian's python3-torch (1.13, CPU) under /usr/bin/python3, in float64:

    /usr/bin/python3 rosenbrock_reference.py > rosenbrock_reference.csv

torch 1.13 has no Lion; lion's rows follow optax.lion (optax/_src/alias.py, transform.scale_by_lion)
written out below in torch float64 tensors. Each row: rule, step t (1-based), x_t, y_t after t steps.
RosenbrockTrajectoryTest replays the same runs with gdbench's rules and compares.
"""
import torch

torch.set_default_dtype(torch.float64)
STEPS = 200
START = (-1.0, 1.0)


def rosenbrock_gradient(p):
    x, y = p[0], p[1]
    return torch.stack((-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)))


def torch_run(make):
    p = torch.tensor(START, requires_grad=True)
    optimizer = make([p])
    for t in range(1, STEPS + 1):
        optimizer.zero_grad()
        p.grad = rosenbrock_gradient(p.detach()).clone()
        optimizer.step()
        yield t, p.detach().clone()


def lion_run(lr, b1, b2, weight_decay):
    """optax.lion: update = sign((1 - b1) g + b1 m); m = (1 - b2) g + b2 m; x -= lr (update + wd x)."""
    p = torch.tensor(START)
    m = torch.zeros(2)
    for t in range(1, STEPS + 1):
        g = rosenbrock_gradient(p)
        update = torch.sign((1 - b1) * g + b1 * m)
        m = (1 - b2) * g + b2 * m
        p = p - lr * (update + weight_decay * p)
        yield t, p.clone()


RUNS = {
    "adam": lambda: torch_run(lambda ps: torch.optim.Adam(ps, lr=1e-2)),
    "amsgrad": lambda: torch_run(lambda ps: torch.optim.Adam(ps, lr=1e-2, amsgrad=True)),
    "adamw": lambda: torch_run(lambda ps: torch.optim.AdamW(ps, lr=1e-2, weight_decay=1e-2)),
    "nadam": lambda: torch_run(lambda ps: torch.optim.NAdam(ps, lr=1e-2, momentum_decay=4e-3)),
    "radam": lambda: torch_run(lambda ps: torch.optim.RAdam(ps, lr=1e-2)),
    "lion": lambda: lion_run(1e-3, 0.9, 0.99, 1e-3),
}

print(f"# torch {torch.__version__}, float64, 2-D Rosenbrock from {START}; lr 1e-2 (lion 1e-3, wd 1e-3; adamw wd 1e-2)")
print("rule,step,x,y")
for rule, run in RUNS.items():
    for t, p in run():
        print(f"{rule},{t},{p[0].item()!r},{p[1].item()!r}")
