"""One epoch of the benchmark's network in PyTorch (CPU, one thread).

The same computation as numpy_epoch.py, written with tensors (no autograd):
784-128-10, sigmoid, softmax cross-entropy, plain SGD, lr 0.1, batches of
32, 60 000 x 784 synthetic rows. Prints {"f32": s, "f32_cpu": s, "f64": s,
"f64_cpu": s} (wall and thread CPU seconds, medians).
"""
import json
import sys
import time

import torch

ROWS, D, H, K, BATCH, LR = 60_000, 784, 128, 10, 32, 0.1


def epoch(x, y, params, perm):
    w1, b1, w2, b2 = params
    for start in range(0, x.shape[0], BATCH):
        idx = perm[start:start + BATCH]
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        m = idx.shape[0]
        a1 = torch.sigmoid(xb @ w1.T + b1)
        p = torch.softmax(a1 @ w2.T + b2, dim=1)
        p[torch.arange(m), yb] -= 1.0
        d2 = p / m
        d1 = (d2 @ w2) * a1 * (1.0 - a1)
        # W -= lr * D^T A as one product accumulated into W (no temporary
        # the size of W each step).
        w2.addmm_(d2.T, a1, alpha=-LR)
        b2.sub_(LR * d2.sum(0))
        w1.addmm_(d1.T, xb, alpha=-LR)
        b1.sub_(LR * d1.sum(0))


def time_precision(dtype, reps):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(ROWS, D, generator=g, dtype=dtype)
    y = torch.randint(0, K, (ROWS,), generator=g)
    params = [
        torch.randn(H, D, generator=g, dtype=dtype) / D ** 0.5,
        torch.zeros(H, dtype=dtype),
        torch.randn(K, H, generator=g, dtype=dtype) / H ** 0.5,
        torch.zeros(K, dtype=dtype),
    ]
    times, cpu = [], []
    with torch.no_grad():
        for rep in range(reps + 1):
            perm = torch.randperm(ROWS, generator=g)
            start, start_cpu = time.perf_counter(), time.thread_time()
            epoch(x, y, params, perm)
            if rep > 0:  # the first epoch warms up
                times.append(time.perf_counter() - start)
                cpu.append(time.thread_time() - start_cpu)
    return sorted(times)[len(times) // 2], sorted(cpu)[len(cpu) // 2]


if __name__ == "__main__":
    torch.set_num_threads(1)
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    f32, f32_cpu = time_precision(torch.float32, reps)
    f64, f64_cpu = time_precision(torch.float64, reps)
    print(json.dumps({"f32": f32, "f32_cpu": f32_cpu, "f64": f64, "f64_cpu": f64_cpu}))
