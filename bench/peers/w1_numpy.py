"""W1 NumPy peer: completion-time Monte Carlo of the `original` and `partial` protocols (issue 8, workload W1).

What it computes, per configuration of the input (bench/workloads/w1.yaml exported by the harness):

  * N workers, each holding `load` chunks processed in the exported order (gradcode's schedule: worker j processes
    chunk chunkAt[j·load + k] at position k). Per trial, chunk times X_{j,k} = shift + Exp(rate) are drawn
    independently for every (worker, position) — the chunk-level model gradcode simulates; no shortcut such as drawing
    Σ_k X_{j,k} as a Gamma variate (valid only for exponential times and the original protocol) is used.
  * Worker factors f_j: exactly `slowCount` workers chosen uniformly at random are `slowFactor`× slower, and each
    worker independently fails with probability `failureP` (f_j = +inf: it never finishes anything).
  * Finishing times F_{j,k} = f_j · Σ_{k' ≤ k} X_{j,k'}.
  * partial (ℓ = parts): completion = max over chunks i of the ℓ-th smallest finishing time of chunk i over its holders
    (gradcode src/protocols/partial.ts; DESIGN §3).
  * original: worker j's message arrives at D_j = F_{j,load−1}; the code decodes from any k messages ('any-k' recovery:
    CRC with s = 9 ⇒ k = 91, Ye–Abbe ℓ = 2 with s = 8 ⇒ k = 92), so completion = k-th smallest D_j.
  * A trial that never becomes decodable (too many failures) has completion +inf ("censored"): it is excluded from the
    mean, counted, and included as +inf in the quantiles — exactly gradcode's convention.

Output per configuration: mean completion (finite trials) with its standard error and 95% CI, the censored count, and
p99 (type 7, +inf when the rank falls in the censored mass) with a distribution-free 95% interval.

Vectorisation: trials are processed in batches of `batch` (input; default 4096) as (batch, N, load) arrays — draws,
cumulative sums, one fancy-index gather of every chunk's holders (batch, m, replication), np.min / np.partition along
the holder axis, and np.partition for the k-th arrival. There is no Python loop over trials; memory is bounded by the
batch (≈ 4 arrays of batch·N·load·8 bytes = 33 MB at 4096 × 100 × 10) plus one f64 per trial for the quantiles.
Random numbers: NumPy's default Generator (PCG64) seeded from the input; gradcode uses Philox, so the two agree in
distribution (checked by the harness within the CI), not draw for draw.
"""


import numpy as np

from peer_common import Timer, count_stat, emit_numpy, load_input, mean_stat, quantile_stat


def chunk_times(rng, batch, n_workers, load, model, dtype):
    """(batch, N, load) chunk times X_{j,k} = shift + Exp(rate)."""
    x = rng.standard_exponential((batch, n_workers, load), dtype=dtype)
    if model["rate"] != 1:
        x *= dtype(1 / model["rate"])
    x += dtype(model["shift"])
    return x


def worker_factors(rng, batch, n_workers, model, dtype):
    """(batch, N) factors f_j: `slowCount` random workers slowed, failed workers +inf."""
    factor = np.ones((batch, n_workers), dtype=dtype)
    slow = model["slowCount"]
    if slow > 0:
        chosen = np.argpartition(rng.random((batch, n_workers), dtype=dtype), slow - 1, axis=1)[:, :slow]
        np.put_along_axis(factor, chosen, dtype(model["slowFactor"]), axis=1)
    factor[rng.random((batch, n_workers), dtype=dtype) < model["failureP"]] = np.inf
    return factor


def holder_entries(config):
    """(m, replication) flat entries j·load + k of every chunk's holders, from the exported processing order."""
    chunk_at = np.asarray(config["chunkAt"], dtype=np.int64)
    order = np.argsort(chunk_at, kind="stable")
    counts = np.bincount(chunk_at, minlength=config["m"])
    if counts.min() != counts.max():
        raise SystemExit("w1_numpy: the partial peer expects every chunk to have the same replication")
    return order.reshape(config["m"], counts[0])


def lth_smallest(flat, holders, parts):
    """(batch, m): the ℓ-th smallest finishing time of every chunk over its holders.

    ℓ = 1: one gather (batch, m, replication) and a min. ℓ ≥ 2: an insertion network over the replication axis (a
    loop over the ~10 holders of a chunk, never over trials), which beat np.partition along a length-10 axis by 1.5–2×
    here."""
    if parts == 1:
        return flat[:, holders].min(axis=2)
    best = [np.full((flat.shape[0], holders.shape[0]), np.inf, dtype=flat.dtype) for _ in range(parts)]
    for c in range(holders.shape[1]):
        t = flat[:, holders[:, c]]
        for q in range(parts):
            smaller = np.minimum(best[q], t)
            t = np.maximum(best[q], t)
            best[q] = smaller
    return best[parts - 1]


def completion_times(rng, config, model, batch, dtype):
    """Completion times of one batch of trials of a configuration."""
    n_workers, load = config["N"], config["load"]
    x = chunk_times(rng, batch, n_workers, load, model, dtype)
    factor = worker_factors(rng, batch, n_workers, model, dtype)
    if config["protocol"] == "partial":
        finish = np.cumsum(x, axis=2, out=x)
        finish *= factor[:, :, None]
        return lth_smallest(finish.reshape(batch, n_workers * load), config["_holders"], config["parts"]).max(axis=1)
    # original: only the last finishing time of each worker matters, D_j = f_j · Σ_k X_{j,k}.
    arrivals = x.sum(axis=2)
    arrivals *= factor
    k = config["k"]
    return np.partition(arrivals, k - 1, axis=1)[:, k - 1]


def run_config(rng, config, model, batch, dtype):
    """All trials of one configuration → its statistics."""
    trials = config["trials"]
    if config["protocol"] == "partial":
        config["_holders"] = holder_entries(config)
    times = np.empty(trials)
    total = total_sq = 0.0
    finite_n = 0
    for start in range(0, trials, batch):
        size = min(batch, trials - start)
        c = completion_times(rng, config, model, size, dtype).astype(np.float64)
        times[start : start + size] = c
        ok = c[np.isfinite(c)]
        finite_n += ok.size
        total += float(ok.sum())
        total_sq += float(np.dot(ok, ok))
    times.sort()
    return {
        "mean completion": mean_stat(total, total_sq, finite_n),
        "p99 completion": quantile_stat(times, 0.99),
        "censored": count_stat(trials - finite_n, trials),
    }


def main():
    data = load_input()
    setup = Timer()
    rng = np.random.default_rng(data["seed"])
    model = data["stragglers"]
    batch = int(data.get("batch", 256))
    dtype = np.dtype(data.get("dtype", "float32")).type
    configs = []
    setup_seconds = setup.seconds()
    for config in data["configs"]:
        timer = Timer()
        stats = run_config(rng, config, model, batch, dtype)
        configs.append({"label": config["label"], "seconds": timer.seconds(), "units": config["trials"], "stats": stats})
    emit_numpy("W1", setup_seconds, configs, {"batch": batch, "dtype": np.dtype(dtype).name})


if __name__ == "__main__":
    main()
