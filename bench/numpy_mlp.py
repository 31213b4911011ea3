"""The tiny net 2-100-3 written by hand in numpy: the per-step overhead a plain numpy loop has.

    /usr/bin/python3 bench/numpy_mlp.py <spec.json>          (the "tiny" workload)
    /usr/bin/python3 bench/numpy_mlp.py <spec.json> baseline  (peak RSS of numpy alone)

Same network, data (gradlab's spiral, passed in the spec), fixed batches of 32, epochs,
softmax cross-entropy and SGD with momentum (lecture form v <- a v - lr g, w <- w + v) as the
gradlab and PyTorch columns; float64, one thread; prints one line `BENCH_RESULT {json}`.
"""
import sys

from bench_common import emit, fixed_batches, load_spec, loaded_libraries, measure

import numpy as np  # noqa: E402  (after bench_common pinned the thread counts)


def xavier_uniform(rng, fan_out, fan_in):
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_out, fan_in))


def train(x, y, c, rng):
    """Trains a fresh 2-100-3 ReLU network; returns its training accuracy."""
    d, hdim, k = c["sizes"]
    W1, b1 = xavier_uniform(rng, hdim, d), np.zeros(hdim)
    W2, b2 = xavier_uniform(rng, k, hdim), np.zeros(k)
    params = [W1, b1, W2, b2]
    vel = [np.zeros_like(p) for p in params]
    lr, mom = c["lr"], c["momentum"]
    batches = [(x[i:j], y[i:j], np.arange(j - i)) for i, j in fixed_batches(len(y), c["batch"])]
    for _ in range(c["epochs"]):
        for xb, yb, rows in batches:
            n = len(yb)
            # fprop: h = relu(x W1^T + b1), f = softmax(h W2^T + b2)
            h = xb @ W1.T
            h += b1
            np.maximum(h, 0, out=h)
            z = h @ W2.T
            z += b2
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
            # bprop: dL/dz = (f - e(y)) / N
            z[rows, yb] -= 1
            z /= n
            dW2 = z.T @ h
            db2 = z.sum(axis=0)
            dh = z @ W2
            dh[h <= 0] = 0
            dW1 = dh.T @ xb
            db1 = dh.sum(axis=0)
            for p, g, v in zip(params, (dW1, db1, dW2, db2), vel):
                v *= mom
                v -= lr * g
                p += v
    h = np.maximum(x @ W1.T + b1, 0)
    return float(((h @ W2.T + b2).argmax(axis=1) == y).mean())


def main():
    spec = load_spec(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == "baseline":
        np.ones((64, 64)) @ np.ones((64, 64))
        emit("baseline", {"numpy": np.__version__, "blasLoaded": loaded_libraries(r"blas|lapack|mkl")})
        return
    c = spec["tiny"]
    x = np.array(spec["spiral"]["x"], dtype=np.float64).reshape(-1, 2)
    y = np.array(spec["spiral"]["y"], dtype=np.int64)
    rng = np.random.default_rng(3)
    state = {"acc": float("nan")}

    def run():
        state["acc"] = train(x, y, c, rng)

    t = measure(run, spec["timing"])
    emit("tiny", {"samplesPerSecond": c["epochs"] * len(y) / t["best"], "timing": t, "check": {"trainAccuracy": state["acc"]}})


if __name__ == "__main__":
    main()
