"""One epoch of the benchmark's network in vectorized NumPy, one thread.

Same algorithm as fast-mlp's Trainer::step: 784-128-10, sigmoid hidden
layer, softmax cross-entropy, plain SGD, lr 0.1, batches of 32 in a shuffled
order, on 60 000 x 784 synthetic rows. Prints one JSON line:
{"f32": s, "f32_cpu": s, "f64": s, "f64_cpu": s}: the median wall and
thread CPU seconds of the timed epochs.
Run by `cargo bench -p fast-mlp --bench epoch`, which sets the thread
variables to 1.
"""
import json
import sys
import time

import numpy as np

ROWS, D, H, K, BATCH, LR = 60_000, 784, 128, 10, 32, 0.1


def epoch(x, y, params, perm, dtype):
    w1, b1, w2, b2 = params
    lr = dtype(LR)
    rows = np.arange(BATCH)
    # W1's gradient (H x D) in a buffer made once: a new array of that
    # size every step costs more than the product (fresh pages from the
    # system, each zeroed), above all in f64.
    g1 = np.empty_like(w1)
    for start in range(0, x.shape[0], BATCH):
        idx = perm[start:start + BATCH]
        xb, yb = x[idx], y[idx]
        m = len(idx)
        a1 = 1.0 / (1.0 + np.exp(-(xb @ w1.T + b1)))
        z2 = a1 @ w2.T + b2
        z2 -= z2.max(axis=1, keepdims=True)
        p = np.exp(z2)
        p /= p.sum(axis=1, keepdims=True)
        p[rows[:m], yb] -= 1.0
        d2 = p / dtype(m)
        d1 = (d2 @ w2) * a1 * (1.0 - a1)
        w2 -= lr * (d2.T @ a1)
        b2 -= lr * d2.sum(axis=0)
        np.matmul(d1.T, xb, out=g1)
        g1 *= lr
        w1 -= g1
        b1 -= lr * d1.sum(axis=0)


def time_precision(dtype, reps):
    rng = np.random.default_rng(0)
    x = rng.random((ROWS, D)).astype(dtype)
    y = rng.integers(0, K, ROWS)
    params = [
        (rng.standard_normal((H, D)) / np.sqrt(D)).astype(dtype),
        np.zeros(H, dtype),
        (rng.standard_normal((K, H)) / np.sqrt(H)).astype(dtype),
        np.zeros(K, dtype),
    ]
    times, cpu = [], []
    for rep in range(reps + 1):
        perm = rng.permutation(ROWS)
        start, start_cpu = time.perf_counter(), time.thread_time()
        epoch(x, y, params, perm, dtype)
        if rep > 0:  # the first epoch warms up
            times.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
    return sorted(times)[len(times) // 2], sorted(cpu)[len(cpu) // 2]


if __name__ == "__main__":
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    f32, f32_cpu = time_precision(np.float32, reps)
    f64, f64_cpu = time_precision(np.float64, reps)
    print(json.dumps({"f32": f32, "f32_cpu": f32_cpu, "f64": f64, "f64_cpu": f64_cpu}))
