"""W2 NumPy peer: optimal-decoding error Monte Carlo (issue 8, workload W2).

What it computes (input exported by the harness from bench/workloads/w2.yaml):

  * B: the code's N × m encoding matrix exported from gradcode (`random:regular:N=64,d=4,seed=1`, coefficients 1),
    so both sides decode the identical code.
  * Per trial, each worker independently fails with probability p (i.i.d. stragglers; a failed worker never sends).
    With S the surviving workers, the optimal least-squares decoding error (coefficient space, unnormalised) is
        err(S) = min_w ‖B_Sᵀ w − 1_m‖² = m − 1ᵀ P_S 1,   P_S = projector onto the row space of B_S,
    which is gradcode's error at T = ∞ of the `original` protocol with the optimal decoder (`tGrid: [inf]`,
    `normalize: false`).
  * Output: the mean error over trials with its standard error and 95% CI (divided by m when the configuration says
    `normalize: true`; the workload uses false).

Method (`method` in the input):

  * "ridge" (default, the faster one here): per trial the Gram system (B_S B_Sᵀ + εI) w = B_S 1 in the N-dimensional
    worker space, with failed workers' rows and columns zeroed (their w is then 0); err = m − (B_S 1)ᵀ w. One batched
    np.linalg.solve (LAPACK gesv over the stack). ε = 1e-10 · max_j ‖b_j‖² regularises rank-deficient survivor sets;
    the bias it introduces is at most 1.4e-8 here (compared with "eigh" on the same masks), six orders of magnitude under
    the Monte-Carlo standard error.
  * "eigh" (exact projector): eigendecomposition of the m × m Gram B_Sᵀ B_S (np.linalg.eigh over the stack); with
    eigenvectors v_k of eigenvalues λ_k > 1e-9·λ_max, err = m − Σ_k (v_kᵀ 1)².
  * "complement" (gradcode's own algorithm, for an algorithm-matched comparison; not the default peer): for a B of
    full row rank, err(S) = e₀ + v_Fᵀ ((G⁻¹)_FF)⁻¹ v_F over the failed workers F, with G = BBᵀ, v = G⁻¹B1 and
    e₀ = m − (B1)ᵀv computed once (src/protocols/complement-least-squares.ts). Per batch one np.linalg.solve over the
    (batch, |F|max, |F|max) stack of principal submatrices (padded with an identity row/column).

The method is the optional second argument (`python3 bench/peers/w2_numpy.py INPUT.json complement`: the harness's
`numpy-alg` peer), else the input's `method`, else ridge.

Vectorisation: masks are drawn for a batch of trials at once (input `batch`, default 1024), the masked Gram matrices
are one batched matmul, and the solve (or eigh) runs over the whole (batch, N, N) stack — no Python loop over trials.
Memory is bounded by the batch: a few (batch, 64, 64) f64 stacks, ≈ 35 MB each at 1024. Random numbers: NumPy's
default Generator (PCG64); gradcode uses Philox, so agreement is in distribution (checked within the CI).
"""


import sys

import numpy as np

from peer_common import Timer, emit_numpy, load_input, mean_stat


def errors_ridge(matrix, alive):
    """(batch,) optimal errors by the regularised Gram system in worker space."""
    n_workers, m = matrix.shape
    eps = 1e-10 * float((matrix * matrix).sum(axis=1).max())
    rows = matrix[None, :, :] * alive[:, :, None]
    gram = np.matmul(rows, rows.transpose(0, 2, 1))
    diagonal = np.arange(n_workers)
    # Failed workers: zero row and column, 1 on the diagonal (w_j = 0); survivors: + ε.
    gram[:, diagonal, diagonal] += eps + (1.0 - alive)
    rhs = rows.sum(axis=2)
    w = np.linalg.solve(gram, rhs[:, :, None])[:, :, 0]
    return m - np.einsum("bn,bn->b", rhs, w)


def errors_eigh(matrix, alive):
    """(batch,) optimal errors from the exact projector (eigenvectors of the m × m Gram with λ above tolerance)."""
    m = matrix.shape[1]
    gram = np.matmul(matrix.T[None, :, :] * alive[:, None, :], matrix)
    values, vectors = np.linalg.eigh(gram)
    along_ones = vectors.sum(axis=1)
    keep = values > 1e-9 * np.maximum(values[:, -1:], np.finfo(float).tiny)
    return m - (along_ones * along_ones * keep).sum(axis=1)


def complement_errors(matrix):
    """An errors(matrix, alive) function by the complement form (B must have full row rank and G = BBᵀ invertible;
    at most N failed workers per trial)."""
    n_workers, m = matrix.shape
    gram = matrix @ matrix.T
    inverse = np.linalg.inv(gram)
    target = matrix.sum(axis=1)
    v = inverse @ target
    e0 = m - float(target @ v)
    # Indices n_workers + t are padding workers: identity rows/columns of G⁻¹ and v = 0, so they add nothing.
    padded = np.eye(2 * n_workers)
    padded[:n_workers, :n_workers] = inverse
    v_padded = np.concatenate([v, np.zeros(n_workers)])

    def errors(_matrix, alive):
        dead = alive < 0.5
        counts = dead.sum(axis=1)
        width = max(1, int(counts.max()))
        order = np.argsort(~dead, axis=1, kind="stable")[:, :width]
        slots = np.arange(width)[None, :]
        index = np.where(slots < counts[:, None], order, n_workers + slots)
        sub = padded[index[:, :, None], index[:, None, :]]
        rhs = v_padded[index]
        y = np.linalg.solve(sub, rhs[:, :, None])[:, :, 0]
        return e0 + np.einsum("bf,bf->b", rhs, y)

    return errors


METHODS = {"ridge": lambda _matrix: errors_ridge, "eigh": lambda _matrix: errors_eigh, "complement": complement_errors}


def main():
    data = load_input(options=("METHOD",))
    setup = Timer()
    rng = np.random.default_rng(data["seed"])
    batch = int(data.get("batch", 1024))
    method = sys.argv[2] if len(sys.argv) > 2 else data.get("method", "ridge")
    if method not in METHODS:
        raise SystemExit(f"unknown W2 method {method!r}; valid: {', '.join(METHODS)}")
    setup_seconds = setup.seconds()
    configs = []
    for config in data["configs"]:
        timer = Timer()
        matrix = np.asarray(config["matrix"], dtype=np.float64)
        n_workers, m = matrix.shape
        errors_of = METHODS[method](matrix)
        scale = m if config.get("normalize", False) else 1
        trials = config["trials"]
        total = total_sq = 0.0
        for start in range(0, trials, batch):
            size = min(batch, trials - start)
            alive = (rng.random((size, n_workers)) >= config["failureP"]).astype(np.float64)
            e = np.maximum(errors_of(matrix, alive), 0.0) / scale
            total += float(e.sum())
            total_sq += float(np.dot(e, e))
        configs.append(
            {
                "label": config["label"],
                "seconds": timer.seconds(),
                "units": trials,
                "stats": {"mean error": mean_stat(total, total_sq, trials)},
            }
        )
    emit_numpy("W2", setup_seconds, configs, {"batch": batch, "method": method})


if __name__ == "__main__":
    main()
