"""Building blocks of the transforms: GDN/IGDN and sub-pixel upsampling.

The synthesis upsamples with a convolution followed by PixelShuffle instead of a
transposed convolution: Debian's torch 1.13 has no oneDNN path for ConvTranspose2d
backward (5-10x slower, FACTS.md), and Conv + DepthToSpace runs well in ONNX Runtime.
A sub-pixel convolution with kernel ceil(k/s) covers the receptive field of a
transposed k x k convolution of stride s.
"""
import torch
from torch import nn
import torch.nn.functional as F


class GDN(nn.Module):
    """Generalized divisive normalization (Balle et al. 2016).

    y_i = x_i / sqrt(beta_i + sum_j gamma_ij x_j^2); inverse=True multiplies instead
    (IGDN). beta and gamma are kept positive by squaring their parameters; the small
    floor on beta keeps the square root away from zero.
    """

    BETA_FLOOR = 1e-6

    def __init__(self, channels: int, inverse: bool = False):
        super().__init__()
        self.inverse = inverse
        self.beta_root = nn.Parameter(torch.ones(channels))
        self.gamma_root = nn.Parameter(torch.sqrt(0.1 * torch.eye(channels)))

    def coefficients(self):
        beta = self.beta_root ** 2 + self.BETA_FLOOR
        gamma = self.gamma_root ** 2
        return beta, gamma

    def forward(self, x):
        beta, gamma = self.coefficients()
        c = gamma.shape[0]
        norm = F.conv2d(x * x, gamma.view(c, c, 1, 1), beta)
        return x * torch.sqrt(norm) if self.inverse else x * torch.rsqrt(norm)


def conv(in_ch: int, out_ch: int, kernel: int, stride: int) -> nn.Conv2d:
    return nn.Conv2d(in_ch, out_ch, kernel, stride=stride, padding=kernel // 2)


class SubPixelUp(nn.Module):
    """Upsample by `scale` with a kernel x kernel convolution then PixelShuffle."""

    def __init__(self, in_ch: int, out_ch: int, kernel: int, scale: int):
        super().__init__()
        self.conv = conv(in_ch, out_ch * scale * scale, kernel, 1)
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x):
        return self.shuffle(self.conv(x))
