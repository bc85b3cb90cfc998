"""Shared plumbing of the gradcode benchmark peers (bench/peers/*.py).

Every peer is run by the harness (bench/harness/) as `python3 bench/peers/<peer>.py INPUT.json`, where INPUT.json
is the workload exported from gradcode (the code's matrix or schedule, the straggler model's parameters, the trial
count, the batch size). A peer prints exactly one JSON object on its last stdout line:

    {"runner": "numpy" | "torch", "workload": ..., "device": ..., "versions": {...}, "setupSeconds": s,
     "configs": [{"label": ..., "seconds": s, "units": n, "stats": {name: statistic, ...}}, ...],
     "maxRssKiB": k, "gpuPeakBytes": b | null, "notes": {...}}

(the format of bench/harness/result.ts; a statistic is {"kind": "mean", mean, se, n, ciLo, ciHi}, {"kind":
"quantile", q, value, lo, hi} or {"kind": "count", count, of}; +inf is written "inf", NaN null).

`seconds` is the wall time of the configuration's computation (after imports and input loading, before printing),
measured with time.perf_counter; `maxRssKiB` is the process's peak resident set from getrusage(RUSAGE_SELF), the
same kernel counter gradcode's side reports (process.resourceUsage().maxRSS), so peak memory is measured the same
way for every runner. A peer that cannot run here (PyTorch not importable) prints {"skipped": reason} and exits 3.
"""

import json
import math
import resource
import sys
import time

SKIP_EXIT_CODE = 3

# z of the two-sided 95% interval; the samples are large (≥ 10³), so the t quantile equals z to 3 digits.
Z95 = 1.959963984540054


def load_input(options=()):
    """The workload JSON named by argv[1]; `options` names the optional arguments a peer accepts after it."""
    if not 2 <= len(sys.argv) <= 2 + len(options):
        extra = "".join(f" [{o}]" for o in options)
        sys.exit(f"usage: {sys.argv[0]} INPUT.json{extra}")
    with open(sys.argv[1], encoding="utf-8") as f:
        return json.load(f)


def load_w3_data(config):
    """W3's X (n × d) and y (n) from the raw little-endian float64 file gradcode wrote (X row-major, then y)."""
    import numpy as np

    n, d = config["n"], config["d"]
    raw = np.fromfile(config["dataFile"], dtype="<f8")
    if raw.size != n * d + n:
        raise SystemExit(f"{config['dataFile']}: expected {n * d + n} float64 values, found {raw.size}")
    return raw[: n * d].reshape(n, d), raw[n * d :]


def skip(reason):
    """Reports that this peer cannot run here (e.g. `import torch` failed) and exits with SKIP_EXIT_CODE."""
    print(json.dumps({"skipped": reason}))
    sys.exit(SKIP_EXIT_CODE)


class Timer:
    """Wall-clock seconds since construction (time.perf_counter)."""

    def __init__(self):
        self.start = time.perf_counter()

    def seconds(self):
        return time.perf_counter() - self.start


def max_rss_kib():
    """Peak resident set size of this process in KiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def mean_stat(total, total_sq, n):
    """A "mean" statistic (mean, standard error, 95% CI) from running sums (f64) of n samples.

    The sums are accumulated per batch with NumPy's pairwise summation, so the variance by the textbook formula is
    accurate to ~1e-12 relative at these sizes (the CI needs two digits)."""
    if n == 0:
        return {"kind": "mean", "n": 0, "mean": math.nan, "se": math.nan, "ciLo": math.nan, "ciHi": math.nan}
    mean = total / n
    var = max(0.0, (total_sq - n * mean * mean) / (n - 1)) if n > 1 else 0.0
    se = math.sqrt(var / n)
    return {"kind": "mean", "n": n, "mean": mean, "se": se, "ciLo": mean - Z95 * se, "ciHi": mean + Z95 * se}


def quantile_stat(sorted_values, q):
    """A "quantile" statistic: the type-7 quantile of ascending values (+inf allowed: a rank that touches +inf gives +inf) with a distribution-free
    95% interval from the binomial order-statistic ranks n·q ± z·sqrt(n·q·(1−q))."""
    n = len(sorted_values)
    h = (n - 1) * q
    lo = int(math.floor(h))
    hi = min(lo + 1, n - 1)
    a = float(sorted_values[lo])
    b = float(sorted_values[hi])
    frac = h - lo
    if math.isinf(a) or (frac > 0 and math.isinf(b)):
        value = math.inf
    else:
        value = a + (b - a) * frac
    half = Z95 * math.sqrt(n * q * (1 - q))
    r_lo = max(0, int(math.floor(n * q - half)) - 1)
    r_hi = min(n - 1, int(math.ceil(n * q + half)) - 1)
    return {"kind": "quantile", "q": q, "value": value, "lo": float(sorted_values[r_lo]), "hi": float(sorted_values[r_hi])}


def count_stat(count, of):
    """A "count" statistic: `count` events among `of` trials."""
    return {"kind": "count", "count": int(count), "of": int(of)}


def finite_or_none(x):
    """JSON has no infinity: +inf is written as the string "inf", NaN as null."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, float) and math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def emit(result):
    """Prints the result object as the last stdout line (infinities as "inf")."""

    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        if isinstance(v, list):
            return [clean(x) for x in v]
        if isinstance(v, float):
            return finite_or_none(v)
        return v

    sys.stdout.flush()
    print(json.dumps(clean(result)))


def emit_numpy(workload, setup_seconds, configs, notes):
    """Prints a NumPy peer's result in the harness's format (versions, peak RSS; no GPU)."""
    import platform

    import numpy as np

    emit(
        {
            "runner": "numpy",
            "workload": workload,
            "device": "cpu",
            "versions": {"numpy": np.__version__, "python": platform.python_version()},
            "setupSeconds": setup_seconds,
            "configs": configs,
            "maxRssKiB": max_rss_kib(),
            "gpuPeakBytes": None,
            "notes": notes,
        }
    )
