"""The variable-rate codec: Balle et al. 2016/2018 transforms with per-level gain vectors.

b2016 analysis: conv 9x9/4 -> GDN -> conv 5x5/2 -> GDN -> conv 5x5/2; b2018: four conv
5x5/2 with GDN between (latent stride 16 both). Synthesis mirrors the analysis with IGDN
and sub-pixel upsampling. One network serves every
rate point: level k scales the latent by a learned positive gain vector before
quantization and by a learned inverse gain after it (Cui et al. 2021, "asymmetric
gained" units), and has its own factorized prior, because the latent statistics of
each level differ. The ONNX encoder and decoder take the level index as an input.
"""
import torch
from torch import nn

from .entropy import FactorizedPrior
from .layers import GDN, SubPixelUp, conv

# Rate-distortion trade-offs of the levels: loss = bpp + lambda * 255^2 * MSE.
# Geometric from 0.0018 to 0.08, aimed at about 0.1 to 1.2 bpp on photographs.
DEFAULT_LAMBDAS = (0.0018, 0.00385, 0.0082, 0.0175, 0.0375, 0.08)
LATENT_STRIDE = 16


class Analysis(nn.Module):
    def __init__(self, n: int, m: int):
        super().__init__()
        self.layers = nn.Sequential(
            conv(3, n, 9, 4), GDN(n),
            conv(n, n, 5, 2), GDN(n),
            conv(n, m, 5, 2))

    def forward(self, x):
        return self.layers(x)


class Analysis4(nn.Module):
    """The 4-layer shape of CompressAI's bmshj2018-factorized: four conv 5x5/2, GDN between."""

    def __init__(self, n: int, m: int):
        super().__init__()
        self.layers = nn.Sequential(
            conv(3, n, 5, 2), GDN(n), conv(n, n, 5, 2), GDN(n),
            conv(n, n, 5, 2), GDN(n), conv(n, m, 5, 2))

    def forward(self, x):
        return self.layers(x)


class Synthesis(nn.Module):
    """Sub-pixel upsampling layers with IGDN between, given as (kernel, scale) pairs.

    Sub-pixel kernel 3 at scale 2 covers a transposed 5x5/2 and at scale 4 a 9x9/4.
    """

    def __init__(self, n: int, m: int, layers):
        super().__init__()
        self.spec = tuple(layers)
        modules = []
        for i, (kernel, scale) in enumerate(self.spec):
            last = i == len(self.spec) - 1
            modules.append(SubPixelUp(m if i == 0 else n, 3 if last else n, kernel, scale))
            if not last:
                modules.append(GDN(n, inverse=True))
        self.layers = nn.Sequential(*modules)

    def forward(self, y_hat):
        return self.layers(y_hat)


# (analysis, synthesis layers) per shape; the synthesis mirrors the analysis.
ARCHITECTURES = {
    "b2016": (Analysis, ((3, 2), (3, 2), (3, 4))),
    "b2018": (Analysis4, ((3, 2), (3, 2), (3, 2), (3, 2))),
}

# Decoder-pruned synthesis variants of the b2018 shape, named by what they change (kernel
# sizes are those of the transposed convolutions the sub-pixel layers stand for), each
# with the full synthesis layer every one of its layers is initialised from:
#   2L       drops the third upsampling block (H/4 -> H/2, the costliest); the last layer
#            upsamples x4 instead;
#   K3x3     the first two layers 3x3 (sub-pixel kernel 2) instead of 5x5;
#   2L,K9x9  2L with a 9x9 first layer (sub-pixel kernel 5) to win back receptive field.
DECODER_VARIANTS = {
    "2L": (((3, 2), (3, 2), (3, 4)), (0, 1, 3)),
    "K3x3": (((2, 2), (2, 2), (3, 2), (3, 2)), (0, 1, 2, 3)),
    "2L,K9x9": (((5, 2), (3, 2), (3, 4)), (0, 1, 3)),
}


class GainedCodec(nn.Module):
    def __init__(self, n: int = 128, m: int = 192, lambdas=DEFAULT_LAMBDAS, arch: str = "b2016"):
        super().__init__()
        self.n, self.m, self.arch = n, m, arch
        self.lambdas = tuple(lambdas)
        levels = len(self.lambdas)
        analysis, synthesis_layers = ARCHITECTURES[arch]
        self.analysis = analysis(n, m)
        self.synthesis = Synthesis(n, m, synthesis_layers)
        # Log-parametrized so gains stay positive; initialised so that higher levels
        # quantize finer (larger gain) from the start.
        init = torch.linspace(-1.0, 1.0, levels).view(levels, 1).repeat(1, m)
        self.log_gain = nn.Parameter(init.clone())
        self.log_inverse_gain = nn.Parameter(-init.clone())
        self.priors = nn.ModuleList(FactorizedPrior(m) for _ in range(levels))

    @property
    def levels(self):
        return len(self.lambdas)

    def gain(self, level):
        return torch.exp(self.log_gain[level]).view(1, -1, 1, 1)

    def inverse_gain(self, level):
        return torch.exp(self.log_inverse_gain[level]).view(1, -1, 1, 1)

    def forward(self, x, level: int, training: bool = True):
        y = self.analysis(x) * self.gain(level)
        y_hat, likelihood = self.priors[level](y, training)
        x_hat = self.synthesis(y_hat * self.inverse_gain(level))
        return x_hat, likelihood

    def aux_loss(self):
        return sum(p.aux_loss() for p in self.priors)
