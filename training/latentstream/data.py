"""Training pool: random crops of BSDS500 and Urban100, with a fixed validation split.

Kodak is evaluation data and is never read here.
"""
import os
import random

import numpy as np
import torch
from PIL import Image

# Held out from training; the learning curve is measured on their centre crops.
VALIDATION_CROP = 256
VALIDATION = (
    [f"bsds500/val/{n}" for n in ("101085.jpg", "126007.jpg", "145086.jpg", "189080.jpg",
                                   "227092.jpg", "296059.jpg")]
    + [f"urban100/img_{i:03d}.png" for i in range(95, 101)]
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def shared_data() -> str:
    """The data folder: $LATENTSTREAM_DATA, else the `shared/data` beside the repository (as the Java tools)."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.environ.get("LATENTSTREAM_DATA") or os.path.normpath(os.path.join(repo, "..", "shared", "data"))


def list_pool(root: str):
    files = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.lower().endswith(IMAGE_SUFFIXES):
                files.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(files)


def load_rgb(path: str) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


class CropSampler:
    """Random crops (with random flips) from images held in memory as uint8.

    Large images are also kept at half resolution: downsampling hides the last JPEG
    blocking and shows the model content at another scale.
    """

    def __init__(self, root: str, crop: int, seed: int):
        self.crop = crop
        self.rng = random.Random(seed)
        held_out = set(VALIDATION)
        self.images = []
        for rel in list_pool(root):
            if rel in held_out:
                continue
            img = load_rgb(os.path.join(root, rel))
            if min(img.shape[:2]) >= crop:
                self.images.append(img)
            if min(img.shape[:2]) >= 2 * crop:
                half = Image.fromarray(img).resize((img.shape[1] // 2, img.shape[0] // 2), Image.BICUBIC)
                self.images.append(np.asarray(half))
        if not self.images:
            raise ValueError(f"no training images of at least {crop} px under {root}")

    def batch(self, size: int, device: str = "cpu") -> torch.Tensor:
        out = np.empty((size, self.crop, self.crop, 3), dtype=np.uint8)
        for i in range(size):
            img = self.images[self.rng.randrange(len(self.images))]
            y = self.rng.randrange(img.shape[0] - self.crop + 1)
            x = self.rng.randrange(img.shape[1] - self.crop + 1)
            patch = img[y:y + self.crop, x:x + self.crop]
            if self.rng.random() < 0.5:
                patch = patch[:, ::-1]
            out[i] = patch
        # Moved as uint8 (a quarter of the bytes) and made float where the model runs.
        return torch.from_numpy(out).to(device).permute(0, 3, 1, 2).float().div_(255.0)


def validation_batch(root: str, crop: int = VALIDATION_CROP) -> torch.Tensor:
    crops = []
    for rel in VALIDATION:
        img = load_rgb(os.path.join(root, rel))
        y, x = (img.shape[0] - crop) // 2, (img.shape[1] - crop) // 2
        crops.append(img[y:y + crop, x:x + crop])
    return torch.from_numpy(np.stack(crops)).permute(0, 3, 1, 2).float().div_(255.0)
