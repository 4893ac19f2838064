package io.latentstream.job.cli;

import io.latentstream.codec.DecodedFrame;
import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.flink.AvroBytes;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.job.consume.CameraStats;
import io.latentstream.job.consume.TopicReader;
import io.latentstream.job.consume.Y4mWriter;
import io.latentstream.schema.CompressedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consume", description = "Read a compressed topic (read_committed), decode every frame with the model "
        + "it names, write PNG frames or a Y4M file per camera, and print per-camera figures.")
final class ConsumeCommand implements Callable<Integer> {
    @Option(names = "--topic", defaultValue = "camera.compressed", description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--models", defaultValue = "models", description = "folder of model directories (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--decoder", defaultValue = ModelBundle.FULL_DECODER, description = "decoder variant where the "
            + "frame's model has it, e.g. 2L (faster, a little less PSNR); otherwise full (default: ${DEFAULT-VALUE})")
    String decoderVariant;

    @Option(names = "--out", description = "write decoded frames here, one folder (png) or file (y4m) per camera")
    Path out;

    @Option(names = "--format", defaultValue = "png", description = "png or y4m (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--max-frames", defaultValue = "0", description = "stop after this many frames (0: no limit)")
    long maxFrames;

    @Option(names = "--idle-timeout-s", defaultValue = "15", description = "stop when nothing arrives for this long "
            + "(default: ${DEFAULT-VALUE})")
    int idleTimeoutSeconds;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("png") && !format.equals("y4m")) {
            throw new IllegalArgumentException("--format takes png or y4m");
        }
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(InstallHome.locate(models)), ExecutionTarget.cpu(0),
                decoderVariant);
        CameraStats stats = consume(kafka.bootstrapServers, topic, kafka.clientProperties(), decoder, out, format,
                maxFrames, Duration.ofSeconds(idleTimeoutSeconds));
        System.out.print(stats.table());
        return 0;
    }

    /** Reads until maxFrames (0: unbounded) or idleTimeout without records; decodes and writes each frame. */
    static CameraStats consume(String bootstrap, String topic, java.util.Properties props, FrameDecoder decoder,
                               Path out, String format, long maxFrames, Duration idleTimeout) throws IOException {
        CameraStats stats = new CameraStats();
        Map<String, Y4mWriter> videos = new HashMap<>();
        java.util.Set<String> waiting = new java.util.HashSet<>();
        try (TopicReader<CompressedFrame> reader = new TopicReader<>(bootstrap, topic, props, ConsumeCommand::parse)) {
            long lastArrival = System.nanoTime();
            while (maxFrames == 0 || stats.frames() < maxFrames) {
                List<TopicReader.Read<CompressedFrame>> batch = new ArrayList<>();
                reader.poll(batch, Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    if (System.nanoTime() - lastArrival > idleTimeout.toNanos()) {
                        break;
                    }
                    continue;
                }
                lastArrival = System.nanoTime();
                for (TopicReader.Read<CompressedFrame> r : batch) {
                    CompressedFrame f = r.value();
                    byte[] bits = AvroBytes.copy(f.getBitstream());
                    boolean decoded = false;
                    try {
                        DecodedFrame d = decoder.decode(f.getCameraId(), bits);
                        decoded = true;
                        if (out != null) {
                            write(out, format, f, d, videos);
                        }
                    } catch (MissingReferenceException e) {
                        if (waiting.add(f.getCameraId())) {
                            System.err.println(f.getCameraId() + ": joined mid-stream at frame " + f.getSequence()
                                    + "; skipping to its next key frame");
                        }
                    } catch (RuntimeException e) {
                        System.err.println(f.getCameraId() + "/" + f.getSequence() + " does not decode: " + e.getMessage());
                    }
                    stats.add(f, decoded);
                }
            }
        } finally {
            for (Y4mWriter w : videos.values()) {
                w.close();
            }
        }
        return stats;
    }

    private static void write(Path out, String format, CompressedFrame f, DecodedFrame d, Map<String, Y4mWriter> videos)
            throws IOException {
        String camera = f.getCameraId().replaceAll("[^A-Za-z0-9._-]", "_");
        if (format.equals("png")) {
            Path dir = out.resolve(camera);
            Files.createDirectories(dir);
            d.image().writePng(dir.resolve(String.format("%08d.png", f.getSequence())));
        } else {
            Files.createDirectories(out);
            Y4mWriter w = videos.get(camera);
            if (w == null) {
                w = new Y4mWriter(out.resolve(camera + ".y4m"), d.image().width(), d.image().height(), 10);
                videos.put(camera, w);
            }
            w.write(d.image());
        }
    }

    static CompressedFrame parse(byte[] value) {
        try {
            return CompressedFrame.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
