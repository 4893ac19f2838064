#!/usr/bin/python3
"""LatentStream reference decoder: bitstream format 9 to latent symbols, from docs/bitstream.md.

Written from the specification alone, in plain Python (standard library only), for the
people who implement the format elsewhere; its parts follow the document's sections.
It stops at the latent symbols: the picture is the model's synthesis network (decoder.onnx,
any ONNX runtime) run on y_hat = symbol + median, the medians in entropy-tables.json.
It is slow by design (one Python step per coded bit): a proof that the document is complete,
and a check for other decoders, not a product.

    python3 training/reference_decoder.py models/b18-vr-n96 stream/*.lsf --symbols-out DIR

decodes the frames of one camera's stream in order and writes each frame's symbols as
little-endian int32, channel-major (DIR/<frame name>.i32). Exit status 1 and one line on
the first frame that is refused.
"""
import argparse
import hashlib
import json
import os
import struct
import sys

MAGIC = b"LSF"
VERSION = 9
INTRA, INTER = 0, 1
HASH_PREFIX_BYTES = 8
MODEL_TAG_BYTES = 2
MAX_FRAME_NUMBER = 2 ** 32 - 1
MAX_MODEL_ID_BYTES = 64
MAX_RESIDUAL_STEP = 16
MAX_REFERENCE_DISTANCE = 255
MAX_PIXELS = 3840 * 2160
MAX_SYMBOL = 1 << 24

# Payload: the adaptive models and the residual code.
PRECISION = 12
ONE = 1 << PRECISION
HALVE_AT = 1024
UNARY_LIMIT = 8
ESCAPE_LENGTHS = 25
SIGN_CONTEXTS = 27
ACTIVITY_CLASSES = 4
ABOVE_K = UNARY_LIMIT - 2

# The rANS coder.
LOWER_BOUND = 1 << 23
STATE_BYTES = 4

# Inter frames: ReferenceLatents.
STILL_FRAMES = 3


class BitstreamError(Exception):
    """Every refusal; the subclasses name docs/bitstream.md's Errors table."""


class TruncatedBitstream(BitstreamError):
    pass


class CorruptBitstream(BitstreamError):
    pass


class UnsupportedBitstream(BitstreamError):
    pass


class MissingReference(BitstreamError):
    pass


class ModelMismatch(BitstreamError):
    pass


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli, reflected, initial and final xor 0xFFFFFFFF), as java.util.zip.CRC32C."""
    c = 0xFFFFFFFF
    for b in data:
        c = _CRC32C[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


class Header:
    """The header table of docs/bitstream.md. As parsed, an inter frame's hash_prefix is its
    2-byte model tag, its frame_number the low 16 bits, its reference the distance, and level,
    width and height are None; the decoder completes them from the frame it holds."""

    def __init__(self, frame_type, model_id, hash_prefix, level, width, height, frame_number, reference, step):
        self.frame_type = frame_type
        self.model_id = model_id
        self.hash_prefix = hash_prefix
        self.level = level
        self.width = width
        self.height = height
        self.frame_number = frame_number
        self.reference = reference
        self.step = step


class _Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise TruncatedBitstream("bitstream ends inside its header")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def uint(self, n):
        return int.from_bytes(self.take(n), "big")


def parse(data):
    """Header, payload offset and length of a whole frame, its lengths and CRC checked."""
    r = _Reader(data)
    if r.take(3) != MAGIC:
        raise CorruptBitstream("not a LatentStream bitstream (bad magic)")
    version = r.uint(1)
    if version != VERSION:
        raise UnsupportedBitstream("format version %d; this decoder reads %d" % (version, VERSION))
    frame_type = r.uint(1)
    if frame_type not in (INTRA, INTER):
        raise UnsupportedBitstream("frame type %d" % frame_type)
    if frame_type == INTRA:
        n = r.uint(1)
        if not 1 <= n <= MAX_MODEL_ID_BYTES:
            raise CorruptBitstream("model id length %d" % n)
        model_id = r.take(n).decode("utf-8")
        hash_prefix = r.take(HASH_PREFIX_BYTES)
        level = r.uint(1)
        width = r.uint(2)
        height = r.uint(2)
        frame_number = r.uint(4)
        if width == 0 or height == 0:
            raise CorruptBitstream("frame of %dx%d pixels" % (width, height))
        header = Header(frame_type, model_id, hash_prefix, level, width, height, frame_number, -1, 1)
    else:
        # An inter frame's own fields; model, level, size and the frame number's high bits
        # are its reference's (resolved by the decoder).
        hash_prefix = r.take(MODEL_TAG_BYTES)
        frame_number = r.uint(2)
        distance = r.uint(1)
        step = r.uint(1)
        if not 1 <= distance <= MAX_REFERENCE_DISTANCE or not 1 <= step <= MAX_RESIDUAL_STEP:
            raise CorruptBitstream("reference distance %d or residual step %d out of range" % (distance, step))
        header = Header(frame_type, None, hash_prefix, None, None, None, frame_number, distance, step)
    length = 0
    for i in range(5):
        b = r.uint(1)
        length |= (b & 0x7F) << (7 * i)
        if not b & 0x80:
            if length > 2 ** 31 - 1 or (b == 0 and i > 0):
                raise CorruptBitstream("payload length not in shortest form")
            break
    else:
        raise CorruptBitstream("payload length longer than 5 bytes")
    offset = r.pos
    end = offset + length + 4
    if len(data) < end:
        raise TruncatedBitstream("bitstream is %d bytes, its header promises %d" % (len(data), end))
    if len(data) > end:
        raise CorruptBitstream("%d bytes follow the end of the bitstream" % (len(data) - end))
    if crc32c(data[:offset + length]) != int.from_bytes(data[offset + length:], "big"):
        raise CorruptBitstream("CRC32C mismatch")
    return header, offset, length


class RansDecoder:
    """Byte-wise rANS, 32-bit state, lower bound 2^23 (Payload, last paragraph)."""

    def __init__(self, data, offset, length):
        if length < STATE_BYTES:
            raise CorruptBitstream("entropy stream shorter than its state")
        self.data = data
        self.pos = offset + STATE_BYTES
        self.end = offset + length
        self.x = int.from_bytes(data[offset:offset + STATE_BYTES], "big")
        if not LOWER_BOUND <= self.x < LOWER_BOUND << 8:
            raise CorruptBitstream("invalid initial rANS state")

    def slot(self, precision):
        return self.x & ((1 << precision) - 1)

    def advance(self, start, freq, precision):
        """Consumes the symbol that occupies [start, start + freq) of 2^precision, then renormalizes."""
        self.x = freq * (self.x >> precision) + (self.x & ((1 << precision) - 1)) - start
        while self.x < LOWER_BOUND:
            if self.pos >= self.end:
                raise CorruptBitstream("entropy stream ended early")
            self.x = (self.x << 8) | self.data[self.pos]
            self.pos += 1

    def raw(self, bits):
        """bits (1..16) raw bits: one symbol of frequency 1 at precision bits."""
        value = self.slot(bits)
        self.advance(value, 1, bits)
        return value

    def finish(self):
        if self.x != LOWER_BOUND or self.pos != self.end:
            raise CorruptBitstream("entropy stream does not end where its symbols do")


def get_bit(dec, f0):
    """A bit whose 0 occupies [0, f0) of 4096."""
    bit = dec.slot(PRECISION) >= f0
    if bit:
        dec.advance(f0, ONE - f0, PRECISION)
    else:
        dec.advance(0, f0, PRECISION)
    return bit


class AdaptiveBit:
    """An adaptive binary model: counts of 0s and 1s, a 0 occupies [0, f0) of 4096."""

    def __init__(self, zeros=1, ones=1):
        self.zeros = zeros
        self.ones = ones

    def zero_frequency(self):
        total = self.zeros + self.ones
        return min(ONE - 1, max(1, (self.zeros * ONE + total // 2) // total))

    def update(self, bit):
        if bit:
            self.ones += 1
        else:
            self.zeros += 1
        if self.zeros + self.ones >= HALVE_AT:
            self.zeros = (self.zeros + 1) // 2
            self.ones = (self.ones + 1) // 2

    def get(self, dec):
        bit = get_bit(dec, self.zero_frequency())
        self.update(bit)
        return bit


# Mixed flags: the logistic at 33 points, stretch its inverse (Payload, Mixing).
LOGIT_LIMIT = 2047
WEIGHT_LIMIT = 1 << 22
SQUASH_POINTS = [1, 2, 4, 6, 10, 17, 27, 45, 74, 120, 194, 311, 488, 747, 1102, 1546, 2048, 2550, 2994, 3349, 3608,
                 3785, 3902, 3976, 4022, 4051, 4069, 4079, 4086, 4090, 4092, 4094, 4095]


def squash(logit):
    d = max(-LOGIT_LIMIT, min(LOGIT_LIMIT, logit))
    w = d & 127
    i = (d >> 7) + 16
    return (SQUASH_POINTS[i] * (128 - w) + SQUASH_POINTS[i + 1] * w + 64) >> 7


def _stretch_table():
    table = [LOGIT_LIMIT] * ONE
    p = 0
    for d in range(-LOGIT_LIMIT, LOGIT_LIMIT + 1):
        v = squash(d)
        while p <= v:
            table[p] = d
            p += 1
    return table


STRETCH = _stretch_table()


class Mixer:
    """Logistic mixing of several models' probabilities of a one, weights in 1/65536."""

    def __init__(self, inputs, sets, rate_shift, first_weight, other_weight):
        self.inputs = inputs
        self.rate_shift = rate_shift
        self.weights = [first_weight if i % inputs == 0 else other_weight for i in range(inputs * sets)]

    def get(self, dec, models, weight_set):
        base = weight_set * self.inputs
        stretched = [STRETCH[ONE - m.zero_frequency()] for m in models]
        dot = sum(self.weights[base + i] * stretched[i] for i in range(self.inputs))
        p1 = max(1, min(ONE - 1, squash(max(-LOGIT_LIMIT - 1, min(LOGIT_LIMIT + 1, dot >> 16)))))
        bit = get_bit(dec, ONE - p1)
        error = (ONE - 1 if bit else 0) - p1
        for i, m in enumerate(models):
            w = self.weights[base + i] + ((stretched[i] * error) >> self.rate_shift)
            self.weights[base + i] = max(-WEIGHT_LIMIT, min(WEIGHT_LIMIT, w))
            m.update(bit)
        return bit


class Models:
    """Every adaptive model of one payload, or of an inter frame chain since its key frame."""

    def __init__(self, channels, initial_counts=None):
        """initial_counts: a key frame's priors (two bytes per model in all()'s order), or None for the defaults."""
        self.channels = channels
        self.background = [AdaptiveBit() for _ in range(3)]
        self.significant = [AdaptiveBit() for _ in range(3)]
        self.non_zero = [AdaptiveBit(4, 1) if i % 2 == 0 else AdaptiveBit()
                         for i in range(4 * ACTIVITY_CLASSES * channels)]
        self.above_one = [AdaptiveBit() for _ in range(2 * ACTIVITY_CLASSES * channels)]
        self.above_k = [AdaptiveBit() for _ in range(ABOVE_K * channels)]
        self.negative = [AdaptiveBit() for _ in range(SIGN_CONTEXTS * channels)]
        self.escape_length = [AdaptiveBit() for _ in range(ESCAPE_LENGTHS * channels)]
        fresh = lambda n: [AdaptiveBit() for _ in range(n * channels)]
        self.non_zero_by_magnitudes = fresh(18)
        self.non_zero_by_neighbours = fresh(7 * ACTIVITY_CLASSES)
        self.non_zero_by_channels = fresh(4 * ACTIVITY_CLASSES)
        self.non_zero_by_sum = fresh(3 * ACTIVITY_CLASSES)
        self.negative_by_diagonals = fresh(9)
        self.negative_by_far = fresh(9)
        self.above_one_by_magnitudes = fresh(18)
        self.above_one_by_sum = fresh(4 * ACTIVITY_CLASSES)
        self.above_k_by_neighbours = fresh(4 * ABOVE_K)
        self.non_zero_mixer = Mixer(5, ACTIVITY_CLASSES, 11, 21845, 21845)
        self.negative_mixer = Mixer(3, 1, 9, 39322, 19661)
        self.above_one_mixer = Mixer(3, ACTIVITY_CLASSES, 9, 39322, 19661)
        self.above_k_mixer = Mixer(2, ABOVE_K, 9, 39322, 39322)
        if initial_counts is not None:
            k = 0
            for models in self.all():
                for i in range(len(models)):
                    models[i] = AdaptiveBit(initial_counts[k], initial_counts[k + 1])
                    k += 2
            if k != len(initial_counts):
                raise ValueError("%d initial counts for %d models" % (len(initial_counts) // 2, k // 2))

    def all(self):
        """Every binary model, in the order key-priors.bin lists them (ResidualCoder.Models.all())."""
        return [self.significant, self.background, self.negative, self.non_zero, self.above_one, self.above_k,
                self.escape_length, self.non_zero_by_magnitudes, self.non_zero_by_neighbours,
                self.non_zero_by_channels, self.non_zero_by_sum, self.negative_by_diagonals, self.negative_by_far,
                self.above_one_by_magnitudes, self.above_one_by_sum, self.above_k_by_neighbours]


class Neighbourhood:
    """A residual's causal neighbours in its own channel (0 outside the latent)."""

    def __init__(self, residuals, k, p, width):
        x = p % width
        up = p >= width
        self.left = residuals[k - 1] if x > 0 else 0
        self.up = residuals[k - width] if up else 0
        self.up_left = residuals[k - width - 1] if x > 0 and up else 0
        self.up_right = residuals[k - width + 1] if x < width - 1 and up else 0
        self.left2 = residuals[k - 2] if x > 1 else 0
        self.up2 = residuals[k - 2 * width] if p >= 2 * width else 0

    def near(self):
        return (self.left, self.up, self.up_left, self.up_right)

    def summed(self):
        return sum(abs(v) for v in self.near())


def signum(v):
    return (v > 0) - (v < 0)


def activity(active):
    return 0 if active == 0 else 1 if active < 4 else 2 if active < 16 else 3


def decode_magnitude(dec, m, c, predicted, active, n):
    a = activity(active)
    s = n.summed()
    inputs = [m.above_one[ACTIVITY_CLASSES * (2 * c + (predicted != 0)) + a],
              m.above_one_by_magnitudes[18 * c + 6 * min(2, abs(n.left)) + 2 * min(2, abs(n.up)) + (predicted != 0)],
              m.above_one_by_sum[ACTIVITY_CLASSES * (4 * c + (0 if s == 0 else 1 if s <= 2 else 2 if s <= 5 else 3))
                                 + a]]
    if not m.above_one_mixer.get(dec, inputs, a):
        return 1
    magnitude = 2
    k = 2
    while k < UNARY_LIMIT:
        model = ABOVE_K * c + k - 2
        above = min(3, sum(abs(v) > k for v in n.near()))
        if not m.above_k_mixer.get(dec, [m.above_k[model], m.above_k_by_neighbours[4 * model + above]], k - 2):
            break
        magnitude = k + 1
        k += 1
    if magnitude < UNARY_LIMIT:
        return magnitude
    bits = 0
    while m.escape_length[ESCAPE_LENGTHS * c + bits].get(dec):
        bits += 1
        if bits == ESCAPE_LENGTHS:
            raise CorruptBitstream("escape of more than %d bits" % ESCAPE_LENGTHS)
    w = 1 << bits
    for shift in range(0, bits, 16):
        w |= dec.raw(min(16, bits - shift)) << shift
    return w + UNARY_LIMIT - 1


def decode_payload(data, offset, length, previous, background, step, channels, height, width, m):
    """The Payload section's steps 1-3: the frame's symbols, channel-major."""
    if length == 0:
        return list(previous)
    plane = height * width
    dec = RansDecoder(data, offset, length)
    symbols = [0] * (channels * plane)
    residuals = [0] * (channels * plane)
    chosen = [False] * plane
    significant = [False] * plane
    for p in range(plane):
        left = p % width > 0
        up = p >= width
        if any(previous[c * plane + p] != background[c * plane + p] for c in range(channels)):
            n = (left and chosen[p - 1]) + (up and chosen[p - width])
            chosen[p] = m.background[n].get(dec)
        source = background if chosen[p] else previous
        n = (left and significant[p - 1]) + (up and significant[p - width])
        significant[p] = m.significant[n].get(dec)
        active = 0
        for c in range(channels):
            k = c * plane + p
            predicted = source[k]
            if significant[p]:
                n = Neighbourhood(residuals, k, p, width)
                a = activity(active)
                neighbour = n.left != 0 or n.up != 0
                context = 4 * (ACTIVITY_CLASSES * c + a) + 2 * (predicted != 0) + neighbour
                count = sum(v != 0 for v in n.near()) + (n.left2 != 0) + (n.up2 != 0)
                s = n.summed()
                inputs = [m.non_zero[context],
                          m.non_zero_by_magnitudes[18 * c + 6 * min(2, abs(n.left)) + 2 * min(2, abs(n.up))
                                                   + (n.up_left != 0)],
                          m.non_zero_by_neighbours[ACTIVITY_CLASSES * (7 * c + count) + a],
                          m.non_zero_by_channels[ACTIVITY_CLASSES * (4 * c + 2 * (c > 0 and residuals[k - plane] != 0)
                                                                     + (c > 1 and residuals[k - 2 * plane] != 0)) + a],
                          m.non_zero_by_sum[3 * (ACTIVITY_CLASSES * c + a) + (0 if s == 0 else 1 if s < 3 else 2)]]
                if m.non_zero_mixer.get(dec, inputs, a):
                    sign_context = (SIGN_CONTEXTS * c + 9 * (signum(predicted) + 1) + 3 * (signum(n.left) + 1)
                                    + signum(n.up) + 1)
                    inputs = [m.negative[sign_context],
                              m.negative_by_diagonals[9 * c + 3 * (signum(n.up_left) + 1) + signum(n.up_right) + 1],
                              m.negative_by_far[9 * c + 3 * (signum(n.left2) + 1) + signum(n.up2) + 1]]
                    negative = m.negative_mixer.get(dec, inputs, 0)
                    magnitude = decode_magnitude(dec, m, c, predicted, active, n)
                    if magnitude > 2 * MAX_SYMBOL:
                        raise CorruptBitstream("residual magnitude %d out of range" % magnitude)
                    residuals[k] = -magnitude if negative else magnitude
                    active += 1
            symbol = predicted + step * residuals[k]
            if abs(symbol) > MAX_SYMBOL:
                raise CorruptBitstream("symbol %d out of range" % symbol)
            symbols[k] = symbol
        if significant[p] and active == 0:
            raise CorruptBitstream("significant position %d with no non-zero residual" % p)
    dec.finish()
    return symbols


class References:
    """The Inter frames section: the previous frame's symbols and the background."""

    def __init__(self, key_symbols, channels, plane):
        self.channels = channels
        self.plane = plane
        self.previous = key_symbols
        self.background = list(key_symbols)
        self.still = [0] * plane

    def advance(self, symbols):
        plane = self.plane
        for p in range(plane):
            unchanged = all(symbols[c * plane + p] == self.previous[c * plane + p] for c in range(self.channels))
            self.still[p] = min(self.still[p] + 1, STILL_FRAMES) if unchanged else 0
            if self.still[p] == STILL_FRAMES:
                for c in range(self.channels):
                    self.background[c * plane + p] = symbols[c * plane + p]
        self.previous = symbols


class Model:
    """What a decoder needs of a model bundle: its id, codec hash, latent shape and levels."""

    def __init__(self, directory):
        with open(os.path.join(directory, "model-card.json")) as f:
            card = json.load(f)
        with open(os.path.join(directory, "entropy-tables.json")) as f:
            tables = json.load(f)
        if tables.get("format") != "latentstream-entropy-tables/1":
            raise ValueError("unknown entropy tables format %r" % tables.get("format"))
        self.model_id = card["model_id"]
        self.stride = card["latent_stride"]
        self.channels = tables["channels"]
        self.levels = len(tables["levels"])
        contract = ["encoder.onnx", "entropy-tables.json"]
        # Key priors (KeyPriors.java), where the bundle has them: where each key frame's models start.
        self.key_priors = None
        if KEY_PRIORS in card["files"]:
            contract.append(KEY_PRIORS)
            self.key_priors = _read_key_priors(os.path.join(directory, KEY_PRIORS), self.levels, self.channels)
        sums = [_sha256_hex(os.path.join(directory, name)) for name in contract]
        self.codec_hash = hashlib.sha256("\n".join(sums).encode("ascii")).digest()

    def key_models(self, level):
        """Fresh models for a key frame at level."""
        return Models(self.channels, None if self.key_priors is None else self.key_priors[level])


KEY_PRIORS = "key-priors.bin"


def _read_key_priors(path, levels, channels):
    """Per level, the initial counts of every model: "LSKP", format 1, levels, models, then 2 bytes per model."""
    with open(path, "rb") as f:
        data = f.read()
    models = sum(len(m) for m in Models(channels).all())
    magic, fmt, file_levels, file_models = struct.unpack(">4sIII", data[:16])
    if magic != b"LSKP" or fmt != 1 or file_levels != levels or file_models != models:
        raise ValueError("%s: not key priors of format 1 for %d levels x %d models" % (path, levels, models))
    if len(data) != 16 + levels * 2 * models or 0 in data[16:]:
        raise ValueError("%s: damaged key priors" % path)
    return [data[16 + q * 2 * models:16 + (q + 1) * 2 * models] for q in range(levels)]


def _sha256_hex(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class StreamDecoder:
    """One camera's frames, in order: key frames stand alone, inter frames follow their reference."""

    def __init__(self, model, max_pixels=MAX_PIXELS):
        self.model = model
        self.max_pixels = max_pixels
        self.references = None
        self.reference_header = None
        self.models = None

    def decode(self, data):
        """The frame's header and symbols (channel-major, channels x ceil(h/16) x ceil(w/16))."""
        header, offset, length = parse(data)
        own_prefix = self.model.codec_hash[:len(header.hash_prefix)]
        if header.hash_prefix != own_prefix or (header.frame_type == INTRA and header.model_id != self.model.model_id):
            raise ModelMismatch("frame made by model %s@%s, this decoder has %s@%s" % (
                header.model_id or "?", header.hash_prefix.hex(), self.model.model_id, own_prefix.hex()))
        if header.frame_type == INTER:
            ref = self.reference_header
            number = None if ref is None else ref.frame_number + header.reference
            if number is None or number & 0xFFFF != header.frame_number or number > MAX_FRAME_NUMBER:
                self._drop()
                raise MissingReference("inter frame %d (mod 65536) does not follow the frame this decoder holds"
                                       % header.frame_number)
            header = Header(INTER, None, ref.hash_prefix, ref.level, ref.width, ref.height, number,
                            ref.frame_number, header.step)
        if header.level >= self.model.levels:
            raise CorruptBitstream("level %d; the model has %d" % (header.level, self.model.levels))
        if header.width * header.height > self.max_pixels:
            raise UnsupportedBitstream("frame of %dx%d above the pixel limit" % (header.width, header.height))
        stride = self.model.stride
        h = -(-header.height // stride)
        w = -(-header.width // stride)
        channels = self.model.channels
        if header.frame_type == INTRA:
            zero = [0] * (channels * h * w)
            symbols = decode_payload(data, offset, length, zero, zero, 1, channels, h, w,
                                     self.model.key_models(header.level))
            self.models = Models(channels)
            self.references = References(symbols, channels, h * w)
        else:
            try:
                symbols = decode_payload(data, offset, length, self.references.previous,
                                         self.references.background, header.step, channels, h, w, self.models)
            except BitstreamError:
                self._drop()
                raise
            self.references.advance(symbols)
        self.reference_header = header
        return header, symbols

    def _drop(self):
        self.references = None
        self.reference_header = None
        self.models = None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="model bundle directory (model-card.json, encoder.onnx, entropy-tables.json)")
    parser.add_argument("frames", nargs="+", help="one stream's .lsf frames, in stream order")
    parser.add_argument("--symbols-out", help="write each frame's symbols as little-endian int32 here")
    args = parser.parse_args()
    decoder = StreamDecoder(Model(args.model))
    if args.symbols_out:
        os.makedirs(args.symbols_out, exist_ok=True)
    for path in args.frames:
        with open(path, "rb") as f:
            data = f.read()
        try:
            header, symbols = decoder.decode(data)
        except BitstreamError as e:
            print("%s: %s: %s" % (path, type(e).__name__, e), file=sys.stderr)
            return 1
        kind = "key" if header.frame_type == INTRA else "inter"
        print("%s: %s frame %d level %d %dx%d, %d non-zero symbols" % (
            path, kind, header.frame_number, header.level, header.width, header.height,
            sum(1 for s in symbols if s)))
        if args.symbols_out:
            name = os.path.splitext(os.path.basename(path))[0] + ".i32"
            with open(os.path.join(args.symbols_out, name), "wb") as f:
                f.write(struct.pack("<%di" % len(symbols), *symbols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
