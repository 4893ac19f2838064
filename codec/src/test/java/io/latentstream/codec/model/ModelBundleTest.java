package io.latentstream.codec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.entropy.KeyPriors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path tmp;

    private Path copyOfModel() throws IOException {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        try (var files = Files.list(TestModels.modelDir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    @Test
    void shippedModelLoadsAndIsConsistent() {
        ModelBundle b = TestModels.bundle();
        assertEquals(TestModels.MODEL_ID, b.modelId());
        assertEquals(b.latentChannels(), b.tables().channels());
        assertTrue(b.levels() >= 4, "at least four rate points");
        assertTrue(b.decoders().containsKey(ModelBundle.FULL_DECODER));
        assertEquals(TestModels.modelDir().resolve(ModelBundle.ENCODER), b.encoder(ModelBundle.FULL_ENCODER));
        assertTrue(b.encoders().containsKey("int8"), "the shipped model has an int8 encoder");
    }

    /** An encoder variant leaves the bitstream contract alone: the codec hash names encoder.onnx and the tables. */
    @Test
    void encoderVariantsAreNotPartOfTheCodecHash() throws IOException {
        ModelBundle b = TestModels.bundle();
        String card = Files.readString(TestModels.modelDir().resolve(ModelBundle.CARD));
        assertTrue(card.contains(java.util.HexFormat.of().formatHex(b.codecHash())));
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> b.encoder("fp8"));
        assertTrue(e.getMessage().contains("no encoder variant fp8"), e.getMessage());
    }

    /** Key priors are part of the contract: the same bundle without them is another codec hash. */
    @Test
    void keyPriorsArePartOfTheCodecHash() throws IOException {
        ModelBundle b = TestModels.bundle();
        assertTrue(b.keyPriors() != KeyPriors.NONE, "the shipped model has key priors");
        Path dir = copyOfModel();
        Path card = dir.resolve(ModelBundle.CARD);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(card.toFile());
        ObjectNode files = (ObjectNode) json.path("files");
        files.remove(KeyPriors.FILE);
        String withoutPriors = HexFormat.of().formatHex(ModelBundle.codecHash(files.path(ModelBundle.ENCODER).asText(),
                files.path(ModelBundle.TABLES).asText(), null));
        assertTrue(!withoutPriors.equals(HexFormat.of().formatHex(b.codecHash())));
        Files.writeString(card, json.toString());
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(dir),
                "the card's codec hash names the priors it no longer lists");
        assertTrue(e.getMessage().contains("codec_hash"), e.getMessage());
        json.put("codec_hash", withoutPriors);
        Files.writeString(card, json.toString());
        assertEquals(KeyPriors.NONE, ModelBundle.load(dir).keyPriors());
    }

    /** The encoder's distortion weights: one per level and channel, finite and not negative. */
    @Test
    void distortionWeightsCoverEveryLevelAndChannel() throws IOException {
        ModelBundle b = TestModels.bundle();
        for (int level = 0; level < b.levels(); level++) {
            float[] w = b.distortionWeights().weights(level);
            assertEquals(b.latentChannels(), w.length);
            for (float v : w) {
                assertTrue(v >= 0 && Float.isFinite(v), "level " + level + ": weight " + v);
            }
        }
        Path file = tmp.resolve("weights.json");
        Files.writeString(file, "{\"format\":\"" + DistortionWeights.FORMAT + "\",\"levels\":[{\"weights\":[1,-2]}]}");
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> DistortionWeights.read(file, 1, 2));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
        assertThrows(ModelBundleException.class, () -> DistortionWeights.read(file, 2, 2));
    }

    @Test
    void tamperedFileIsRefused() throws IOException {
        Path dir = copyOfModel();
        Path tables = dir.resolve(ModelBundle.TABLES);
        byte[] data = Files.readAllBytes(tables);
        data[data.length / 2] ^= 1;
        Files.write(tables, data);
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void missingFileIsRefused() throws IOException {
        Path dir = copyOfModel();
        Files.delete(dir.resolve(ModelBundle.ENCODER));
        assertThrows(ModelBundleException.class, () -> ModelBundle.load(dir));
        assertThrows(ModelBundleException.class, () -> ModelBundle.load(tmp.resolve("nowhere")));
    }

    /** Every decoder variant has its windowed form, for sparse synthesis. */
    @Test
    void aDecoderWithoutItsWindowedFormIsRefused() throws IOException {
        ModelBundle b = TestModels.bundle();
        for (String variant : b.decoders().keySet()) {
            assertTrue(Files.isRegularFile(b.windowDecoder(variant)), variant);
        }
        Path dir = copyOfModel();
        Path card = dir.resolve(ModelBundle.CARD);
        Files.writeString(card, Files.readString(card).replaceFirst("\"window_decoders\": \\{[^}]*}",
                "\"window_decoders\": {\"full\": \"decoder-window.onnx\"}"));
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("window_decoders"), e.getMessage());
    }
}
