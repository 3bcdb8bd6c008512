"""PyTorch, eager: the batched iteration with torch.mm, and torch.optim.Adam with fused=True
(GPU) or foreach=True (CPU) on the same number of elements, one parameter per configuration so
each keeps its own lr. On the GPU, clocks are read after torch.cuda.synchronize()."""
import torch

NAME = "torch " + torch.__version__


def devices():
    return ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def synchronizer(device):
    return torch.cuda.synchronize if device == "cuda" else (lambda: None)


def gd_mm(inst, device):
    A = torch.from_numpy(inst.A).to(device)
    b = torch.from_numpy(inst.b).to(device)[:, None]
    lr = torch.from_numpy(inst.lr).to(device)[None, :]
    X = torch.from_numpy(inst.x0).to(device)[:, None].repeat(1, inst.batch)
    for _ in range(inst.iterations):
        X -= lr * (torch.mm(A, X) - b)
    return X.cpu().numpy()


def adam_optim(inst, device):
    A = torch.from_numpy(inst.A).to(device)
    b = torch.from_numpy(inst.b).to(device)[:, None]
    X = torch.from_numpy(inst.x0).to(device)[:, None].repeat(1, inst.batch).t().contiguous()
    columns = [torch.nn.Parameter(X[j].clone()) for j in range(inst.batch)]
    groups = [{"params": [p], "lr": float(inst.lr[j])} for j, p in enumerate(columns)]
    betas = (inst.meta["beta1"], inst.meta["beta2"])
    fast = {"fused": True} if device == "cuda" else {"foreach": True}
    opt = torch.optim.Adam(groups, betas=betas, eps=inst.meta["eps"], **fast)
    with torch.no_grad():
        for _ in range(inst.iterations):
            G = torch.mm(A, torch.stack(columns, dim=1)) - b
            for j, p in enumerate(columns):
                p.grad = G[:, j].contiguous()
            opt.step()
    return torch.stack([p.detach() for p in columns], dim=1).cpu().numpy()


def peers(inst):
    out = []
    for device in devices():
        if inst.optimizer == "gd":
            out.append(("torch mm " + device, lambda i, d=device: gd_mm(i, d), synchronizer(device)))
        if inst.optimizer == "adam":
            name = "torch Adam(%s) %s" % ("fused" if device == "cuda" else "foreach", device)
            out.append((name, lambda i, d=device: adam_optim(i, d), synchronizer(device)))
    return out
