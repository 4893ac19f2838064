"""The Java rANS coder and latent escape scheme, in Python, for golden vectors.

Must stay bit-identical to codec-operators' RansEncoder and LatentCoder: the export
writes the payload hash this produces, and a Java test checks it.
"""
LOWER_BOUND = 1 << 23
PRECISION = 16
LENGTH_BITS = 5


def encode_latent(symbols, tables):
    """symbols: int array (channels, plane); tables: per-channel dicts with offset, cdf."""
    ops = []  # (start, freq, precision) in coding order
    for c, table in enumerate(tables):
        cdf, offset = table["cdf"], table["offset"]
        size = len(cdf) - 2
        for s in symbols[c].tolist():
            index = s - offset
            if 0 <= index < size:
                ops.append((cdf[index], cdf[index + 1] - cdf[index], PRECISION))
            else:
                ops.append((cdf[size], cdf[size + 1] - cdf[size], PRECISION))
                u = 2 * (-index - 1) + 1 if index < 0 else 2 * (index - size)
                w = u + 1
                k = w.bit_length() - 1
                ops.append((k, 1, LENGTH_BITS))
                for shift in range(0, k, 16):
                    bits = min(16, k - shift)
                    ops.append(((w >> shift) & ((1 << bits) - 1), 1, bits))
    out = bytearray()
    x = LOWER_BOUND
    for start, freq, p in reversed(ops):
        x_max = ((LOWER_BOUND >> p) << 8) * freq
        while x >= x_max:
            out.append(x & 0xFF)
            x >>= 8
        x = ((x // freq) << p) + (x % freq) + start
    out += bytes([x & 0xFF, (x >> 8) & 0xFF, (x >> 16) & 0xFF, (x >> 24) & 0xFF])
    return bytes(reversed(out))
