"""Shared by the PyTorch peers: import torch or skip the peer (exit 3 with {"skipped": ...}), and device sync."""

from peer_common import skip

try:
    import torch
except Exception as error:  # ImportError, or a broken installation (missing CUDA libraries)
    skip(f"import torch failed: {error!r}")


def synchronize(device):
    """Waits for queued CUDA work on `device` (timings must include it); a no-op on the CPU."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def start_device(data):
    """The peer's device (input "device", else CUDA when available, else the CPU), initialised and synchronised so
    the setup time includes CUDA context creation, and a torch.Generator on it seeded with input "seed"."""
    device = torch.device(data.get("device") or ("cuda" if torch.cuda.is_available() else "cpu"))
    torch.zeros(1, device=device)
    synchronize(device)
    gen = torch.Generator(device=device)
    gen.manual_seed(int(data["seed"]))
    return device, gen


def emit_torch(workload, device, setup_seconds, configs, notes):
    """Prints a torch peer's result in the harness's format (device name, versions, peak host and GPU memory)."""
    import platform

    import numpy as np

    from peer_common import emit, max_rss_kib

    emit(
        {
            "runner": "torch",
            "workload": workload,
            "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
            "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()},
            "setupSeconds": setup_seconds,
            "configs": configs,
            "maxRssKiB": max_rss_kib(),
            "gpuPeakBytes": torch.cuda.max_memory_allocated(device) if device.type == "cuda" else None,
            "notes": notes,
        }
    )
