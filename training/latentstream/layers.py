"""Building blocks of the transforms: GDN/IGDN and sub-pixel upsampling.

The synthesis upsamples with a convolution followed by PixelShuffle instead of a
transposed convolution: Debian's torch 1.13 has no oneDNN path for ConvTranspose2d
backward (5-10x slower, FACTS.md), and Conv + DepthToSpace runs well in ONNX Runtime.
A sub-pixel convolution with kernel ceil(k/s) covers the receptive field of a
transposed k x k convolution of stride s (3 for a transposed 5x5/2, 2 for 3x3/2, 5 for 9x9/2).
"""
import torch
from torch import nn
import torch.nn.functional as F


class _LowerBound(torch.autograd.Function):
    """max(x, bound), passing the gradient wherever descent would raise x (Balle's LowerBound):
    a parameter at its bound can still leave it."""

    @staticmethod
    def forward(ctx, x, bound):
        ctx.save_for_backward(x)
        ctx.bound = bound
        return x.clamp_min(bound)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        pass_through = (x >= ctx.bound) | (grad < 0)
        return grad * pass_through, None


class GDN(nn.Module):
    """Generalized divisive normalization (Balle et al. 2016).

    y_i = x_i / sqrt(beta_i + sum_j gamma_ij x_j^2); inverse=True multiplies instead
    (IGDN). beta and gamma are stored as square roots offset by a small pedestal and
    bounded below: squaring alone would give the zero off-diagonal entries of gamma's
    initial identity a zero gradient, and cross-channel normalization would never learn.
    """

    PEDESTAL = 2.0 ** -18
    BETA_MIN = 1e-6

    def __init__(self, channels: int, inverse: bool = False):
        super().__init__()
        self.inverse = inverse
        self.beta_param = nn.Parameter(torch.sqrt(torch.ones(channels) + self.PEDESTAL))
        self.gamma_param = nn.Parameter(torch.sqrt(0.1 * torch.eye(channels) + self.PEDESTAL))

    def coefficients(self):
        beta = _LowerBound.apply(self.beta_param, (self.BETA_MIN + self.PEDESTAL) ** 0.5) ** 2 - self.PEDESTAL
        gamma = _LowerBound.apply(self.gamma_param, self.PEDESTAL ** 0.5) ** 2 - self.PEDESTAL
        return beta, gamma

    def forward(self, x):
        beta, gamma = self.coefficients()
        c = gamma.shape[0]
        norm = F.conv2d(x * x, gamma.view(c, c, 1, 1), beta)
        return x * torch.sqrt(norm) if self.inverse else x * torch.rsqrt(norm)


def conv(in_ch: int, out_ch: int, kernel: int, stride: int) -> nn.Conv2d:
    return nn.Conv2d(in_ch, out_ch, kernel, stride=stride, padding=kernel // 2)


class SubPixelUp(nn.Module):
    """Upsample by `scale` with a kernel x kernel convolution then PixelShuffle.

    An even kernel (2: a transposed 3x3/2) reads pixels i .. i+1 of its input, so it is
    padded one pixel more on the right and bottom than on the left and top; odd kernels
    pad inside the convolution.

    ICNR initialisation (Aitken et al. 2017): the scale^2 sub-pixel filters of an output
    channel start equal, so the initial upsampling is nearest-neighbour, free of the
    checkerboard a random init starts from.
    """

    def __init__(self, in_ch: int, out_ch: int, kernel: int, scale: int):
        super().__init__()
        odd = kernel % 2 == 1
        self.conv = nn.Conv2d(in_ch, out_ch * scale * scale, kernel, padding=kernel // 2 if odd else 0)
        with torch.no_grad():
            base = nn.Conv2d(in_ch, out_ch, kernel)
            self.conv.weight.copy_(base.weight.repeat_interleave(scale * scale, dim=0))
            self.conv.bias.copy_(base.bias.repeat_interleave(scale * scale))
        self.even_padding = None if odd else (kernel // 2 - 1, kernel // 2) * 2
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x):
        if self.even_padding is not None:
            x = F.pad(x, self.even_padding)
        return self.shuffle(self.conv(x))
