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
