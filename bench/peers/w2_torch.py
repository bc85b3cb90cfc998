"""W2 PyTorch peer: the W2 optimal-decoding error Monte Carlo of w2_numpy.py on a GPU (issue 8, workload W2).

It computes exactly what w2_numpy.py computes (read its header): per trial, i.i.d. worker failures with probability p,
and the optimal least-squares error over the survivors S of the exported code matrix B,
    err(S) = min_w ‖B_Sᵀ w − 1‖² = m − 1ᵀ P_S 1,
averaged over trials (unnormalised unless the configuration says `normalize: true`), with its standard error.

Method (`method` in the input): "ridge" (default) — per trial the worker-space Gram system (B_S B_Sᵀ + εI) w = B_S 1,
failed workers' rows/columns replaced by the identity, ε = 1e-10·max_j ‖b_j‖², solved by batched Cholesky
(torch.linalg.cholesky + torch.cholesky_solve: cuSOLVER potrfBatched/potrsBatched on CUDA); err = m − (B_S 1)ᵀ w.
"eigh" — the exact projector from torch.linalg.eigh of the m × m Gram B_Sᵀ B_S (eigenvalues above 1e-9·λ_max); on
CUDA, PyTorch's batched eigh is much slower than the Cholesky route for 64 × 64 matrices, which is why ridge is the
default. float64 throughout (the ridge bias is ≈ 1e-8, far below the Monte-Carlo error).

Batches of `batch` trials (input; default 8192 on CUDA ≈ 270 MB per (batch, 64, 64) float64 stack, 1024 on the
CPU); no Python loop over trials; sums reduced on the device. Timings synchronise the device; setup = CUDA context
creation. Where `import torch` fails it prints {"skipped": "import torch failed: ..."} and exits 3.
"""


from peer_common import Timer, load_input, mean_stat

from torch_common import emit_torch, start_device, synchronize, torch



def errors_ridge(matrix, alive):
    n_workers, m = matrix.shape
    eps = 1e-10 * float((matrix * matrix).sum(dim=1).max())
    rows = matrix[None, :, :] * alive[:, :, None]
    gram = rows @ rows.transpose(1, 2)
    gram.diagonal(dim1=1, dim2=2).add_(eps + (1.0 - alive))
    rhs = rows.sum(dim=2)
    factor = torch.linalg.cholesky(gram)
    w = torch.cholesky_solve(rhs[:, :, None], factor)[:, :, 0]
    return m - (rhs * w).sum(dim=1)


def errors_eigh(matrix, alive):
    m = matrix.shape[1]
    gram = (matrix.T[None, :, :] * alive[:, None, :]) @ matrix
    values, vectors = torch.linalg.eigh(gram)
    along_ones = vectors.sum(dim=1)
    keep = values > 1e-9 * values[:, -1:].clamp_min(torch.finfo(values.dtype).tiny)
    return m - (along_ones * along_ones * keep).sum(dim=1)


METHODS = {"ridge": errors_ridge, "eigh": errors_eigh}


def main():
    data = load_input()
    setup = Timer()
    device, gen = start_device(data)
    batch = int(data.get("batch", 8192 if device.type == "cuda" else 1024))
    method = data.get("method", "ridge")
    errors_of = METHODS[method]
    setup_seconds = setup.seconds()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    configs = []
    for config in data["configs"]:
        timer = Timer()
        matrix = torch.tensor(config["matrix"], dtype=torch.float64, device=device)
        n_workers, m = matrix.shape
        scale = m if config.get("normalize", False) else 1
        trials = config["trials"]
        total = torch.zeros((), dtype=torch.float64, device=device)
        total_sq = torch.zeros((), dtype=torch.float64, device=device)
        for start in range(0, trials, batch):
            size = min(batch, trials - start)
            keys = torch.rand((size, n_workers), device=device, dtype=torch.float64, generator=gen)
            alive = (keys >= config["failureP"]).to(torch.float64)
            e = errors_of(matrix, alive).clamp_min(0.0) / scale
            total += e.sum()
            total_sq += (e * e).sum()
        stats = {"mean error": mean_stat(float(total), float(total_sq), trials)}
        synchronize(device)
        configs.append({"label": config["label"], "seconds": timer.seconds(), "units": trials, "stats": stats})
    emit_torch("W2", device, setup_seconds, configs, {"batch": batch, "method": method})


if __name__ == "__main__":
    main()
