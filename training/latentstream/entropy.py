"""Factorized entropy prior (Balle et al. 2018, appendix 6.1) and its integer tables.

Each latent channel has its own non-parametric cumulative density c(x), a chain of
small monotone maps. Training sees the additive-noise proxy y + U(-1/2, 1/2); coding
sees integer symbols s = rint(y - median) whose probabilities
P(s) = c(median + s + 1/2) - c(median + s - 1/2) are quantized once, at export, into
16-bit frequency tables. The decoder only ever reads those integer tables, so it
cannot disagree with the encoder about probabilities.
"""
import math

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

PRECISION_BITS = 16
TAIL_MASS = 1e-9


class FactorizedPrior(nn.Module):
    def __init__(self, channels: int, filters=(3, 3, 3), init_scale: float = 10.0):
        super().__init__()
        self.channels = channels
        dims = (1,) + tuple(filters) + (1,)
        scale = init_scale ** (1.0 / (len(filters) + 1))
        self.matrices = nn.ParameterList()
        self.biases = nn.ParameterList()
        self.factors = nn.ParameterList()
        for i in range(len(filters) + 1):
            init = math.log(math.expm1(1.0 / scale / dims[i + 1]))
            self.matrices.append(nn.Parameter(torch.full((channels, dims[i + 1], dims[i]), init)))
            self.biases.append(nn.Parameter(torch.rand(channels, dims[i + 1], 1) - 0.5))
            if i < len(filters):
                self.factors.append(nn.Parameter(torch.zeros(channels, dims[i + 1], 1)))
        # Lower tail, median and upper tail per channel, learned by aux_loss().
        self.quantiles = nn.Parameter(
            torch.tensor([-init_scale, 0.0, init_scale]).repeat(channels, 1, 1))
        target = math.log(2 / TAIL_MASS - 1)
        self.register_buffer("quantile_targets", torch.tensor([-target, 0.0, target]), persistent=False)

    def logits_cumulative(self, x, stop_gradient: bool = False):
        """x: (channels, 1, n) -> logit of the cumulative density, same shape.

        stop_gradient keeps the aux loss (which only places the quantiles) from
        moving the density itself.
        """
        def param(p):
            return p.detach() if stop_gradient else p
        for i, matrix in enumerate(self.matrices):
            x = torch.matmul(F.softplus(param(matrix)), x) + param(self.biases[i])
            if i < len(self.factors):
                x = x + torch.tanh(param(self.factors[i])) * torch.tanh(x)
        return x

    def medians(self):
        return self.quantiles[:, 0, 1].detach()

    def aux_loss(self):
        logits = self.logits_cumulative(self.quantiles, stop_gradient=True)
        return torch.abs(logits - self.quantile_targets).sum()

    def likelihood(self, y):
        """y: (B, C, H, W) values (noisy or rounded) -> per-element probability."""
        b, c, h, w = y.shape
        v = y.permute(1, 0, 2, 3).reshape(c, 1, -1)
        lower = self.logits_cumulative(v - 0.5)
        upper = self.logits_cumulative(v + 0.5)
        # Evaluate in the tail where the sigmoid is not saturated.
        sign = -torch.sign(lower + upper).detach()
        p = torch.abs(torch.sigmoid(sign * upper) - torch.sigmoid(sign * lower))
        p = p.clamp_min(1e-9)
        return p.reshape(c, b, h, w).permute(1, 0, 2, 3)

    def forward(self, y, training: bool):
        medians = self.medians().view(1, -1, 1, 1)
        if training:
            y_hat = y + torch.empty_like(y).uniform_(-0.5, 0.5)
        else:
            y_hat = torch.round(y - medians) + medians
        return y_hat, self.likelihood(y_hat)

    @torch.no_grad()
    def tables(self):
        """Quantized coding tables, one per channel.

        Returns dict with, per channel: median (float32), offset (the symbol of CDF
        index 0), and cdf: PRECISION_BITS-bit cumulative frequencies of the symbols
        offset .. offset+len-1 followed by one escape symbol for everything outside.
        Every symbol, escape included, has frequency >= 1.
        """
        medians = self.quantiles[:, 0, 1]
        lo = torch.floor(self.quantiles[:, 0, 0] - medians).long()
        hi = torch.ceil(self.quantiles[:, 0, 2] - medians).long()
        out = []
        for c in range(self.channels):
            symbols = torch.arange(int(lo[c]), int(hi[c]) + 1, dtype=torch.float32)
            v = (symbols + medians[c]).view(1, 1, -1).expand(self.channels, 1, -1)
            lower = self.logits_cumulative(v - 0.5)[c, 0]
            upper = self.logits_cumulative(v + 0.5)[c, 0]
            sign = -torch.sign(lower + upper)
            pmf = torch.abs(torch.sigmoid(sign * upper) - torch.sigmoid(sign * lower)).double().numpy()
            tail = max(0.0, 1.0 - pmf.sum())
            freqs = quantize_pmf(np.append(pmf, tail))
            cdf = np.concatenate([[0], np.cumsum(freqs)]).astype(np.int64)
            out.append({"median": float(np.float32(medians[c])), "offset": int(lo[c]),
                        "cdf": cdf.tolist()})
        return out


def quantize_pmf(pmf: np.ndarray) -> np.ndarray:
    """Integer frequencies summing to 2^PRECISION_BITS, each >= 1, close to pmf.

    Deterministic: ties are broken by index, so export is reproducible.
    """
    total = 1 << PRECISION_BITS
    n = len(pmf)
    assert n <= total // 4, "alphabet too large for the table precision"
    pmf = np.maximum(pmf, 0.0)
    pmf = pmf / pmf.sum()
    freqs = np.maximum(1, np.floor(pmf * (total - n)).astype(np.int64) + 1)
    # Hand out or take back the remainder where it changes the code length least.
    diff = total - int(freqs.sum())
    while diff != 0:
        if diff > 0:
            gain = pmf * (np.log2(freqs + 1) - np.log2(freqs))
            i = int(np.argmax(gain))
            freqs[i] += 1
            diff -= 1
        else:
            cost = np.where(freqs > 1, pmf * (np.log2(freqs) - np.log2(np.maximum(freqs - 1, 1))), np.inf)
            i = int(np.argmin(cost))
            freqs[i] -= 1
            diff += 1
    return freqs
