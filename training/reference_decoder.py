#!/usr/bin/python3
"""LatentStream reference decoder: bitstream format 8 to latent symbols, from docs/bitstream.md.

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
VERSION = 8
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


class AdaptiveBit:
    """An adaptive binary model: counts of 0s and 1s, a 0 occupies [0, f0) of 4096."""

    def __init__(self, zeros=1, ones=1):
        self.zeros = zeros
        self.ones = ones

    def get(self, dec):
        total = self.zeros + self.ones
        f0 = min(ONE - 1, max(1, (self.zeros * ONE + total // 2) // total))
        bit = dec.slot(PRECISION) >= f0
        if bit:
            dec.advance(f0, ONE - f0, PRECISION)
            self.ones += 1
        else:
            dec.advance(0, f0, PRECISION)
            self.zeros += 1
        if self.zeros + self.ones >= HALVE_AT:
            self.zeros = (self.zeros + 1) // 2
            self.ones = (self.ones + 1) // 2
        return bit


class Models:
    """Every adaptive model of one payload, or of an inter frame chain since its key frame."""

    def __init__(self, channels):
        self.channels = channels
        self.background = [AdaptiveBit() for _ in range(3)]
        self.significant = [AdaptiveBit() for _ in range(3)]
        self.non_zero = [AdaptiveBit(4, 1) if i % 2 == 0 else AdaptiveBit()
                         for i in range(4 * ACTIVITY_CLASSES * channels)]
        self.above_one = [AdaptiveBit() for _ in range(2 * ACTIVITY_CLASSES * channels)]
        self.above_k = [AdaptiveBit() for _ in range(ABOVE_K * channels)]
        self.negative = [AdaptiveBit() for _ in range(SIGN_CONTEXTS * channels)]
        self.escape_length = [AdaptiveBit() for _ in range(ESCAPE_LENGTHS * channels)]


def signum(v):
    return (v > 0) - (v < 0)


def activity(active):
    return 0 if active == 0 else 1 if active < 4 else 2 if active < 16 else 3


def decode_magnitude(dec, m, c, predicted, active):
    if not m.above_one[ACTIVITY_CLASSES * (2 * c + (predicted != 0)) + activity(active)].get(dec):
        return 1
    magnitude = 2
    k = 2
    while k < UNARY_LIMIT and m.above_k[ABOVE_K * c + k - 2].get(dec):
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
                neighbour = (left and residuals[k - 1] != 0) or (up and residuals[k - width] != 0)
                context = 4 * (ACTIVITY_CLASSES * c + activity(active)) + 2 * (predicted != 0) + neighbour
                if m.non_zero[context].get(dec):
                    r_left = residuals[k - 1] if left else 0
                    r_up = residuals[k - width] if up else 0
                    sign_context = (SIGN_CONTEXTS * c + 9 * (signum(predicted) + 1) + 3 * (signum(r_left) + 1)
                                    + signum(r_up) + 1)
                    negative = m.negative[sign_context].get(dec)
                    magnitude = decode_magnitude(dec, m, c, predicted, active)
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
        sums = [_sha256_hex(os.path.join(directory, name)) for name in ("encoder.onnx", "entropy-tables.json")]
        self.codec_hash = hashlib.sha256("\n".join(sums).encode("ascii")).digest()


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
            symbols = decode_payload(data, offset, length, zero, zero, 1, channels, h, w, Models(channels))
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
