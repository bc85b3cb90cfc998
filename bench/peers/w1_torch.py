"""W1 PyTorch peer: the W1 completion-time Monte Carlo of w1_numpy.py on a GPU (issue 8, workload W1).

It computes exactly what w1_numpy.py computes (read its header for the model and the protocols): per trial, chunk
times shift + Exp(rate) for every (worker, position), exactly `slowCount` random workers `slowFactor`× slower, i.i.d.
failures (+inf), finishing times by cumulative sums; `partial` completes at max_i of the ℓ-th smallest finishing time
of chunk i over its holders, `original` at the k-th smallest worker completion; censored trials (+inf) are excluded
from the mean, counted, and kept as +inf for p99.

Implementation: batches of `batch` trials (input; default 32768 on CUDA ≈ 130 MB per (batch, 100, 10) float32 array,
256 on the CPU) as tensors on the device — Tensor.exponential_, cumsum, topk for the random slow set, one gather of
every chunk's holders with amin (ℓ = 1) or kthvalue (ℓ ≥ 2) along the holder axis, kthvalue for the k-th arrival.
Completion times stay on the device (one float32 per trial); the mean and variance are reduced in float64 and p99 is
read from one device sort at the end. No Python loop over trials. Timings synchronise the device
(torch.cuda.synchronize) before every clock read; setup = CUDA context creation. Random numbers: torch's Philox-based
CUDA generator seeded from the input — agreement with gradcode is in distribution, checked within the CI.

Runs where `import torch` works; otherwise it prints {"skipped": "import torch failed: ..."} and exits 3, and the
harness reports the skip. Device: CUDA when available, else the CPU (input "device" overrides).
"""

import math

from peer_common import Timer, count_stat, load_input, mean_stat, quantile_stat

from torch_common import emit_torch, start_device, synchronize, torch



def holder_entries(config, device):
    """(m, replication) flat entries j·load + k of every chunk's holders (from the exported processing order)."""
    chunk_at = torch.tensor(config["chunkAt"], dtype=torch.int64)
    order = torch.argsort(chunk_at, stable=True)
    counts = torch.bincount(chunk_at, minlength=config["m"])
    if int(counts.min()) != int(counts.max()):
        raise SystemExit("w1_torch: the partial peer expects every chunk to have the same replication")
    return order.reshape(config["m"], int(counts[0])).to(device)


def completion_times(gen, config, model, batch, device, dtype, holders):
    """Completion times of one batch of trials (a device tensor)."""
    n_workers, load = config["N"], config["load"]
    x = torch.empty((batch, n_workers, load), device=device, dtype=dtype).exponential_(model["rate"], generator=gen)
    x += model["shift"]
    factor = torch.ones((batch, n_workers), device=device, dtype=dtype)
    slow = model["slowCount"]
    if slow > 0:
        keys = torch.rand((batch, n_workers), device=device, dtype=dtype, generator=gen)
        chosen = torch.topk(keys, slow, dim=1, largest=False, sorted=False).indices
        factor.scatter_(1, chosen, model["slowFactor"])
    failed = torch.rand((batch, n_workers), device=device, dtype=dtype, generator=gen) < model["failureP"]
    factor.masked_fill_(failed, math.inf)
    if config["protocol"] == "partial":
        finish = torch.cumsum(x, dim=2)
        finish *= factor[:, :, None]
        per_chunk = finish.reshape(batch, n_workers * load)[:, holders]
        parts = config["parts"]
        if parts == 1:
            lth = per_chunk.amin(dim=2)
        else:
            lth = torch.kthvalue(per_chunk, parts, dim=2).values
        return lth.amax(dim=1)
    arrivals = x.sum(dim=2) * factor
    return torch.kthvalue(arrivals, config["k"], dim=1).values


def run_config(gen, config, model, batch, device, dtype):
    trials = config["trials"]
    holders = holder_entries(config, device) if config["protocol"] == "partial" else None
    times = torch.empty(trials, device=device, dtype=dtype)
    for start in range(0, trials, batch):
        size = min(batch, trials - start)
        times[start : start + size] = completion_times(gen, config, model, size, device, dtype, holders)
    finite = torch.isfinite(times)
    ok = times[finite].double()
    n = int(ok.numel())
    total = float(ok.sum())
    total_sq = float((ok * ok).sum())
    ordered = torch.sort(times.double()).values.cpu().numpy()
    synchronize(device)
    return {
        "mean completion": mean_stat(total, total_sq, n),
        "p99 completion": quantile_stat(ordered, 0.99),
        "censored": count_stat(trials - n, trials),
    }


def main():
    data = load_input()
    setup = Timer()
    device, gen = start_device(data)
    model = data["stragglers"]
    batch = int(data.get("batch", 32768 if device.type == "cuda" else 256))
    dtype = getattr(torch, data.get("dtype", "float32"))
    setup_seconds = setup.seconds()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    configs = []
    for config in data["configs"]:
        timer = Timer()
        stats = run_config(gen, config, model, batch, device, dtype)
        synchronize(device)
        configs.append({"label": config["label"], "seconds": timer.seconds(), "units": config["trials"], "stats": stats})
    emit_torch("W1", device, setup_seconds, configs, {"batch": batch, "dtype": str(dtype).replace("torch.", "")})


if __name__ == "__main__":
    main()
