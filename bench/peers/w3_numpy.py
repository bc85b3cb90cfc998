"""W3 NumPy peer: coded gradient descent on least squares (issue 8, workload W3).

What it computes (input exported by the harness from gradcode's W3 training spec, bench/workloads/w3.ts):

  * The dataset: X (n × d) and y (n), written by gradcode to a raw little-endian float64 file (`dataFile`: X row-major,
    then y), so both sides descend on the identical problem. Rows are split into m contiguous chunks at `chunkStart`.
  * The loss f(x) = Σ_i f_i(x), f_i(x) = ‖X_i x − y_i‖² / (2n) + (λ/(2m))‖x‖² (gradcode src/train/problem), so the chunk
    gradients are g_i(x) = H_i x − c_i with H_i = X_iᵀX_i/n + (λ/m)I and c_i = X_iᵀy_i/n (the Gram form).
    x* solves (Σ_i H_i) x = Σ_i c_i.
  * The code: the N × m encoding matrix B exported from gradcode (cyclic δ = 4 with CRC coefficients, ℓ = 1).
  * Every run r and iteration k independently: each worker fails with probability p (i.i.d.; the PS waits for all
    workers that did not fail), S = the survivors. Optimal decoding: α = B_Sᵀw* with w* the minimum-norm minimiser
    of ‖B_Sᵀw − 1‖², i.e. α = P_S 1, the projection of 1 onto the row space of B_S. The PS step is
        x_{k+1} = x_k − γ_k ĝ_k,   ĝ_k = Σ_i α_i g_i(x_k),
    from x_0 = 0 with gradcode's step sizes γ_k (exported).
  * Output: the mean over runs of ‖x_K − x*‖² with its standard error and 95% CI.

Vectorisation: all runs advance together. Per iteration, one GEMM of the (runs × d) iterates with the stacked chunk
Hessians [H_1 … H_m] (d × m·d) gives every chunk gradient of every run, and one einsum contracts them with α. The
decoding of all runs of an iteration is one batched SVD (np.linalg.svd over the (runs, N, m) stack of B with failed
workers' rows zeroed); α = V_r V_rᵀ 1 over the right singular vectors with σ > max(N, m)·eps·σ_max — numpy.linalg.lstsq's
rank rule, which is also gradcode's (src/linalg/complete-orthogonal.ts: max(rows, cols)·ε·|R₁₁|). There is no Python
loop over runs; the loop over iterations is inherent to gradient descent. Random numbers: NumPy's default Generator
(PCG64); gradcode uses Philox, so the statistic agrees in distribution (checked by the harness within the CI).
"""


import numpy as np

from peer_common import Timer, emit_numpy, load_input, load_w3_data, mean_stat


def gram_form(X, y, chunk_start, lam):
    """Stacked chunk Hessians as one (d, m·d) matrix [H_1 … H_m], the (m, d) linear terms c_i, and x*."""
    n, d = X.shape
    m = len(chunk_start) - 1
    H = np.empty((m, d, d))
    C = np.empty((m, d))
    for i in range(m):  # m = 32 chunk Gram products (BLAS syrk-sized GEMMs); not a loop over runs
        Xi = X[chunk_start[i] : chunk_start[i + 1]]
        H[i] = Xi.T @ Xi / n
        C[i] = Xi.T @ y[chunk_start[i] : chunk_start[i + 1]] / n
    H[:, np.arange(d), np.arange(d)] += lam / m
    x_star = np.linalg.solve(H.sum(axis=0), C.sum(axis=0))
    stacked = np.ascontiguousarray(H.transpose(1, 0, 2).reshape(d, m * d))  # column block i = H_i (symmetric)
    return stacked, C, x_star


def optimal_alpha(B, alive):
    """(runs, m) α = P_S 1 for every run's survivor mask (runs, N), by one batched SVD."""
    n_workers, m = B.shape
    rows = B[None, :, :] * alive[:, :, None]
    _, s, vh = np.linalg.svd(rows, full_matrices=False)
    tol = max(n_workers, m) * np.finfo(np.float64).eps * s[:, :1]
    keep = s > tol
    along_ones = vh.sum(axis=2) * keep  # (runs, k): v_kᵀ 1 for kept singular vectors
    return np.einsum("rk,rkm->rm", along_ones, vh)


def main():
    data = load_input()
    setup = Timer()
    rng = np.random.default_rng(data["seed"])
    setup_seconds = setup.seconds()
    configs = []
    for config in data["configs"]:
        X, y = load_w3_data(config)
        timer = Timer()
        B = np.asarray(config["matrix"], dtype=np.float64)
        n_workers, m = B.shape
        chunk_start = np.asarray(config["chunkStart"], dtype=np.int64)
        if len(chunk_start) != m + 1:
            raise SystemExit("chunkStart must have m + 1 entries")
        stacked, C, x_star = gram_form(X, y, chunk_start, config.get("lambda", 0.0))
        d = X.shape[1]
        runs, iterations = config["runs"], config["iterations"]
        steps = np.asarray(config["steps"], dtype=np.float64)
        p = config["failureP"]
        x = np.zeros((runs, d))
        for k in range(iterations):
            alive = (rng.random((runs, n_workers)) >= p).astype(np.float64)
            alpha = optimal_alpha(B, alive)
            grads = (x @ stacked).reshape(runs, m, d)  # g_i(x_r) + c_i for every run and chunk
            ghat = np.einsum("rm,rmd->rd", alpha, grads) - alpha @ C
            x -= steps[k] * ghat
        dist = ((x - x_star) ** 2).sum(axis=1)
        configs.append(
            {
                "label": config["label"],
                "seconds": timer.seconds(),
                "units": runs * iterations,
                "stats": {"final distance": mean_stat(float(dist.sum()), float(np.dot(dist, dist)), runs)},
            }
        )
    emit_numpy("W3", setup_seconds, configs, {"form": "gram", "decoder": "batched SVD (lstsq rank rule)", "dtype": "float64"})


if __name__ == "__main__":
    main()
