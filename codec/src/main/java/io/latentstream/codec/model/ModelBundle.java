package io.latentstream.codec.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.codec.entropy.KeyPriors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model directory: model-card.json, encoder.onnx (and faster encoder variants of it), one
 * or more decoder variants, each with its windowed form (the same network padding only at the
 * frame's edges, for sparse synthesis), entropy-tables.json, distortion-weights.json (for the encoder's
 * choices, {@link DistortionWeights}: not part of the codec hash) and, where learnt, key-priors.bin
 * (where a key frame's adaptive models start, {@link KeyPriors}). Loading verifies every file against the
 * sha256 the card lists and recomputes the codec hash, so a bundle is either exactly what was
 * exported or refused.
 *
 * <p>The codec hash (sha256 of the encoder's, the tables' and, where the bundle has them,
 * the key priors' sha256, hex, joined by newlines) names the bitstream contract: any decoder
 * variant of the same encoder, tables and priors decodes its streams. An encoder variant (the int8 one) computes latents close to
 * encoder.onnx's and leaves the contract alone: its streams decode with the same decoders, so
 * it is not part of the hash.
 */
public final class ModelBundle {
    public static final String CARD = "model-card.json";
    public static final String ENCODER = "encoder.onnx";
    public static final String TABLES = "entropy-tables.json";
    public static final String DISTORTION_WEIGHTS = "distortion-weights.json";
    public static final String FULL_DECODER = "full";
    /** The encoder variant that is encoder.onnx itself. */
    public static final String FULL_ENCODER = "full";
    /** The shipped model, relative to the repository (or install) root. */
    public static final String DEFAULT_MODEL_DIR = "models/b18-vr-n96";

    private final Map<String, Path> encoders;
    private final String modelId;
    private final String version;
    private final byte[] codecHash;
    private final int latentChannels;
    private final int latentStride;
    private final double[] lambdas;
    private final Map<String, Path> decoders;
    private final Map<String, Path> windowDecoders;
    private final EntropyTables tables;
    private final DistortionWeights distortionWeights;
    private final KeyPriors keyPriors;

    private ModelBundle(JsonNode card, Map<String, Path> encoders, byte[] codecHash, Map<String, Path> decoders,
            Map<String, Path> windowDecoders, EntropyTables tables, DistortionWeights distortionWeights,
            KeyPriors keyPriors) {
        this.encoders = encoders;
        this.modelId = card.path("model_id").asText();
        this.version = card.path("version").asText();
        this.codecHash = codecHash;
        this.latentChannels = card.path("latent_channels").asInt();
        this.latentStride = card.path("latent_stride").asInt();
        JsonNode levels = card.path("levels");
        this.lambdas = new double[levels.size()];
        for (int i = 0; i < lambdas.length; i++) {
            lambdas[i] = levels.get(i).path("lambda").asDouble();
        }
        this.decoders = decoders;
        this.windowDecoders = windowDecoders;
        this.tables = tables;
        this.distortionWeights = distortionWeights;
        this.keyPriors = keyPriors;
    }

    public static ModelBundle load(Path dir) throws IOException {
        Path cardFile = dir.resolve(CARD);
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelBundleException(dir + " is not a model directory: no " + CARD);
        }
        JsonNode card = new ObjectMapper().readTree(cardFile.toFile());
        JsonNode files = card.path("files");
        if (!files.isObject() || files.isEmpty()) {
            throw new ModelBundleException(cardFile + ": no \"files\" with sha256 sums");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (var it = files.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new ModelBundleException(cardFile + ": file name " + name + " leaves the model directory");
            }
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new ModelBundleException(dir + ": " + name + " is listed in the card but missing");
            }
            String actual = sha256Hex(file);
            if (!actual.equals(e.getValue().asText())) {
                throw new ModelBundleException(dir + ": sha256 of " + name + " is " + actual
                        + ", the model card says " + e.getValue().asText());
            }
            sums.put(name, actual);
        }
        for (String required : new String[] {ENCODER, TABLES, DISTORTION_WEIGHTS}) {
            if (!sums.containsKey(required)) {
                throw new ModelBundleException(cardFile + ": " + required + " missing from \"files\"");
            }
        }
        byte[] codecHash = codecHash(sums.get(ENCODER), sums.get(TABLES), sums.get(KeyPriors.FILE));
        String declared = card.path("codec_hash").asText();
        if (!HexFormat.of().formatHex(codecHash).equals(declared)) {
            throw new ModelBundleException(cardFile + ": codec_hash " + declared + " does not match its files");
        }
        Map<String, Path> encoders = new LinkedHashMap<>();
        encoders.put(FULL_ENCODER, dir.resolve(ENCODER));
        encoders.putAll(variants(card, "encoders", dir, sums));
        if (!encoders.get(FULL_ENCODER).equals(dir.resolve(ENCODER))) {
            throw new ModelBundleException(cardFile + ": the \"" + FULL_ENCODER + "\" encoder must be " + ENCODER);
        }
        Map<String, Path> decoders = variants(card, "decoders", dir, sums);
        if (!decoders.containsKey(FULL_DECODER)) {
            throw new ModelBundleException(cardFile + ": no \"" + FULL_DECODER + "\" decoder");
        }
        Map<String, Path> windowDecoders = variants(card, "window_decoders", dir, sums);
        if (!windowDecoders.keySet().equals(decoders.keySet())) {
            throw new ModelBundleException(cardFile + ": window_decoders " + windowDecoders.keySet()
                    + " must name one for each decoder " + decoders.keySet() + " (training/window_decoder.py)");
        }
        EntropyTables tables = EntropyTables.read(dir.resolve(TABLES));
        DistortionWeights weights = DistortionWeights.read(dir.resolve(DISTORTION_WEIGHTS), tables.levels(),
                tables.channels());
        KeyPriors priors = sums.containsKey(KeyPriors.FILE)
                ? KeyPriors.read(dir.resolve(KeyPriors.FILE), tables.levels(), tables.channels()) : KeyPriors.NONE;
        ModelBundle bundle = new ModelBundle(card, encoders, codecHash, decoders, windowDecoders, tables,
                weights, priors);
        if (bundle.modelId.isEmpty() || bundle.modelId.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new ModelBundleException(cardFile + ": model_id must be 1..64 bytes");
        }
        if (tables.channels() != bundle.latentChannels || tables.levels() != bundle.lambdas.length) {
            throw new ModelBundleException(cardFile + ": tables have " + tables.channels() + " channels x "
                    + tables.levels() + " levels, the card says " + bundle.latentChannels + " x " + bundle.lambdas.length);
        }
        if (bundle.latentStride <= 0) {
            throw new ModelBundleException(cardFile + ": latent_stride must be positive");
        }
        return bundle;
    }

    /** The card's map of variant name to file (key "encoders", "decoders" or "window_decoders"), each file listed with its sum. */
    private static Map<String, Path> variants(JsonNode card, String key, Path dir, Map<String, String> sums) {
        Map<String, Path> variants = new LinkedHashMap<>();
        for (var it = card.path(key).fields(); it.hasNext(); ) {
            var e = it.next();
            String file = e.getValue().asText();
            if (!sums.containsKey(file)) {
                throw new ModelBundleException(dir.resolve(CARD) + ": " + key + " variant " + e.getKey()
                        + " names unlisted file " + file);
            }
            variants.put(e.getKey(), dir.resolve(file));
        }
        return variants;
    }

    /** The nearest directory at or above start holding the default model: the repository or install root. */
    public static Path findRoot(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(DEFAULT_MODEL_DIR).resolve(CARD))) {
                return p;
            }
        }
        throw new ModelBundleException("no " + DEFAULT_MODEL_DIR + " at or above " + start);
    }

    /** The codec hash of these files' sha256 (hex); keyPriorsSha256 null for a bundle without key priors. */
    public static byte[] codecHash(String encoderSha256, String tablesSha256, String keyPriorsSha256) {
        String files = encoderSha256 + "\n" + tablesSha256 + (keyPriorsSha256 == null ? "" : "\n" + keyPriorsSha256);
        return sha256().digest(files.getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public String modelId() {
        return modelId;
    }

    public String version() {
        return version;
    }

    /** The full 32-byte codec hash; bitstreams carry its first 8 bytes. */
    public byte[] codecHash() {
        return codecHash.clone();
    }

    public int latentChannels() {
        return latentChannels;
    }

    public int latentStride() {
        return latentStride;
    }

    /** The latent of a picture this size: every channel, rows and columns by the stride, rounded up. */
    public LatentShape latentShape(int width, int height) {
        return new LatentShape(latentChannels, (height + latentStride - 1) / latentStride,
                (width + latentStride - 1) / latentStride);
    }

    public int levels() {
        return lambdas.length;
    }

    public double lambda(int level) {
        return lambdas[level];
    }

    public Map<String, Path> encoders() {
        return Map.copyOf(encoders);
    }

    public Path encoder(String variant) {
        return variant(encoders, "encoder", variant);
    }

    public Map<String, Path> decoders() {
        return Map.copyOf(decoders);
    }

    public Path decoder(String variant) {
        return variant(decoders, "decoder", variant);
    }

    /** The windowed form of a decoder variant: padding only at the frame's edges, so a window gives its block exactly. */
    public Path windowDecoder(String variant) {
        return variant(windowDecoders, "window decoder", variant);
    }

    private Path variant(Map<String, Path> variants, String network, String name) {
        Path p = variants.get(name);
        if (p == null) {
            throw new ModelBundleException("model " + modelId + " has no " + network + " variant " + name
                    + "; it has " + variants.keySet());
        }
        return p;
    }

    public EntropyTables tables() {
        return tables;
    }

    public DistortionWeights distortionWeights() {
        return distortionWeights;
    }

    /** Where key frames' adaptive models start ({@link KeyPriors#NONE} for a bundle without key priors). */
    public KeyPriors keyPriors() {
        return keyPriors;
    }
}
