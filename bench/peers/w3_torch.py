"""W3 PyTorch peer: the coded gradient descent of w3_numpy.py on a GPU (issue 8, workload W3).

It computes exactly what w3_numpy.py computes (read its header): least squares on the dataset gradcode exported
(`dataFile`), m contiguous row chunks, chunk gradients g_i(x) = H_i x − c_i in the Gram form, i.i.d. worker failures
with probability p per run and iteration, optimal decoding α = P_S 1 (projection of 1 onto the row space of the
survivors' rows of B), x_{k+1} = x_k − γ_k Σ_i α_i g_i(x_k) from x_0 = 0 with gradcode's step sizes, and the mean over
runs of the final ‖x_K − x*‖² with its standard error.

All runs advance together: per iteration one batched SVD (torch.linalg.svd over the (runs, N, m) stack; cuSOLVER's
batched Jacobi SVD on CUDA) with numpy.linalg.lstsq's rank rule σ > max(N, m)·eps·σ_max, one GEMM of the (runs × d)
iterates with the stacked Hessians [H_1 … H_m], and one einsum with α. float64 by default (input `dtype`: "float32"
to trade accuracy for speed on GPUs with slow f64). Timings synchronise the device; setup = CUDA context creation.
Where `import torch` fails it prints {"skipped": "import torch failed: ..."} and exits 3.
"""


from peer_common import Timer, load_input, load_w3_data, mean_stat

from torch_common import emit_torch, start_device, synchronize, torch



def gram_form(X, y, chunk_start, lam):
    """Stacked chunk Hessians (d, m·d), linear terms (m, d) and x*, on the device (Gram products in float64)."""
    n, d = X.shape
    m = len(chunk_start) - 1
    Xc = X[: chunk_start[-1]].reshape(m, -1, d) if _equal_chunks(chunk_start) else None
    if Xc is not None:
        H = Xc.transpose(1, 2) @ Xc / n
        C = (Xc.transpose(1, 2) @ y[: chunk_start[-1]].reshape(m, -1, 1))[:, :, 0] / n
    else:
        H = torch.stack([X[a:b].T @ X[a:b] / n for a, b in zip(chunk_start[:-1], chunk_start[1:])])
        C = torch.stack([X[a:b].T @ y[a:b] / n for a, b in zip(chunk_start[:-1], chunk_start[1:])])
    H.diagonal(dim1=1, dim2=2).add_(lam / m)
    x_star = torch.linalg.solve(H.sum(dim=0), C.sum(dim=0))
    stacked = H.transpose(0, 1).reshape(d, m * d).contiguous()
    return stacked, C, x_star


def _equal_chunks(chunk_start):
    sizes = {int(b) - int(a) for a, b in zip(chunk_start[:-1], chunk_start[1:])}
    return len(sizes) == 1


def optimal_alpha(B, alive):
    n_workers, m = B.shape
    rows = B[None, :, :] * alive[:, :, None]
    _, s, vh = torch.linalg.svd(rows, full_matrices=False)
    tol = max(n_workers, m) * torch.finfo(s.dtype).eps * s[:, :1]
    along_ones = vh.sum(dim=2) * (s > tol)
    return torch.einsum("rk,rkm->rm", along_ones, vh)


def main():
    data = load_input()
    setup = Timer()
    device, gen = start_device(data)
    dtype = getattr(torch, data.get("dtype", "float64"))
    setup_seconds = setup.seconds()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    configs = []
    for config in data["configs"]:
        X_np, y_np = load_w3_data(config)
        timer = Timer()
        X = torch.from_numpy(X_np).to(device)
        y = torch.from_numpy(y_np).to(device)
        B = torch.tensor(config["matrix"], dtype=torch.float64, device=device)
        n_workers, m = B.shape
        chunk_start = [int(v) for v in config["chunkStart"]]
        stacked, C, x_star = gram_form(X, y, chunk_start, config.get("lambda", 0.0))
        del X, y
        stacked, C, B = stacked.to(dtype), C.to(dtype), B.to(dtype)
        d = x_star.shape[0]
        runs, iterations = config["runs"], config["iterations"]
        steps = [float(v) for v in config["steps"]]
        p = config["failureP"]
        x = torch.zeros((runs, d), dtype=dtype, device=device)
        for k in range(iterations):
            keys = torch.rand((runs, n_workers), device=device, dtype=torch.float64, generator=gen)
            alive = (keys >= p).to(dtype)
            alpha = optimal_alpha(B, alive)
            grads = (x @ stacked).reshape(runs, m, d)
            ghat = torch.einsum("rm,rmd->rd", alpha, grads) - alpha @ C
            x -= steps[k] * ghat
        dist = ((x.to(torch.float64) - x_star) ** 2).sum(dim=1)
        stats = {"final distance": mean_stat(float(dist.sum()), float((dist * dist).sum()), runs)}
        synchronize(device)
        configs.append(
            {"label": config["label"], "seconds": timer.seconds(), "units": runs * iterations, "stats": stats}
        )
    emit_torch("W3", device, setup_seconds, configs, {"form": "gram", "decoder": "batched SVD (lstsq rank rule)", "dtype": str(dtype)})


if __name__ == "__main__":
    main()
