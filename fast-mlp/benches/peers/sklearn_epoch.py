"""One epoch of the benchmark's network in scikit-learn, one thread.

MLPClassifier with the same network and training: 784-128-10, logistic
hidden layer, softmax cross-entropy, plain SGD (solver "sgd", momentum 0,
alpha 0, constant learning rate 0.1), batches of 32 in a shuffled order, on
60 000 x 784 synthetic rows. One call of partial_fit is one epoch (after a
first, untimed one, which also sets the weights up). Prints one JSON line:
{"f32": s, "f32_cpu": s, "f64": s, "f64_cpu": s}: the median wall and
thread CPU seconds of the timed epochs.
Run by `cargo bench -p fast-mlp --bench epoch`, which sets the thread
variables to 1.
"""
import json
import sys
import time

import numpy as np
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

ROWS, D, H, K, BATCH, LR = 60_000, 784, 128, 10, 32, 0.1


def time_precision(dtype, reps):
    rng = np.random.default_rng(0)
    x = rng.random((ROWS, D)).astype(dtype)
    y = rng.integers(0, K, ROWS)
    net = MLPClassifier(
        hidden_layer_sizes=(H,),
        activation="logistic",
        solver="sgd",
        alpha=0.0,
        batch_size=BATCH,
        learning_rate="constant",
        learning_rate_init=LR,
        momentum=0.0,
        nesterovs_momentum=False,
        shuffle=True,
        random_state=0,
    )
    net.partial_fit(x, y, classes=np.arange(K))  # warm-up
    assert net.coefs_[0].dtype == dtype, net.coefs_[0].dtype
    times, cpu = [], []
    for _ in range(reps):
        start, start_cpu = time.perf_counter(), time.thread_time()
        net.partial_fit(x, y)
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
        assert np.isfinite(net.loss_), net.loss_
    return sorted(times)[len(times) // 2], sorted(cpu)[len(cpu) // 2]


if __name__ == "__main__":
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with threadpool_limits(limits=1):
        f32, f32_cpu = time_precision(np.float32, reps)
        f64, f64_cpu = time_precision(np.float64, reps)
    print(json.dumps({"f32": f32, "f32_cpu": f32_cpu, "f64": f64, "f64_cpu": f64_cpu}))
