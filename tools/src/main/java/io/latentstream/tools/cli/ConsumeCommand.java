package io.latentstream.tools.cli;

import io.latentstream.job.JobConfig;
import io.latentstream.codec.DecodedFrame;
import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.bitstream.BitstreamException;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.operators.AvroBytes;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelBundleException;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.tools.consume.CameraStats;
import io.latentstream.tools.consume.TopicReader;
import io.latentstream.tools.consume.CameraFiles;
import io.latentstream.tools.consume.FrameWriter;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consume", description = "Read a compressed topic (read_committed), decode every frame with the model "
        + "it names, write PNG frames or a Y4M file per camera, and print per-camera figures.")
final class ConsumeCommand implements Callable<Integer> {
    @Option(names = "--topic", defaultValue = JobConfig.COMPRESSED_TOPIC, description = "(default: ${DEFAULT-VALUE})")
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

    @Option(names = "--max-pixels", description = "frames declaring more pixels are refused unread (default: ${DEFAULT-VALUE})")
    long maxPixels = LatentCodec.DEFAULT_MAX_PIXELS;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        FrameWriter.Format f = switch (format) {
            case "png" -> FrameWriter.Format.PNG;
            case "y4m" -> FrameWriter.Format.Y4M;
            default -> throw new IllegalArgumentException("--format takes png or y4m");
        };
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(InstallHome.locate(models)), ExecutionTarget.cpu(0),
                decoderVariant, maxPixels);
        CameraStats stats = consume(kafka.bootstrapServers, topic, kafka.clientProperties(), decoder,
                out == null ? null : new FrameWriter(out, f, 10), maxFrames, Duration.ofSeconds(idleTimeoutSeconds));
        System.out.print(stats.table());
        return 0;
    }

    /**
     * Reads until maxFrames (0: unbounded) or idleTimeout without records; decodes each frame
     * and hands it to writer (null: decode only). A record that does not parse or a frame that
     * does not decode costs one line on stderr; the rest go on.
     */
    static CameraStats consume(String bootstrap, String topic, java.util.Properties props, FrameDecoder decoder,
                               FrameWriter writer, long maxFrames, Duration idleTimeout) throws IOException {
        CameraStats stats = new CameraStats();
        Set<String> waiting = new HashSet<>();
        try (TopicReader<CompressedFrame> reader = new TopicReader<>(bootstrap, topic, props,
                BoundedAvroDecoder.compressedFrames()::decode);
             FrameWriter w = writer) {
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
                    if (r.value() == null) {
                        System.err.println(topic + "/" + r.partition() + "@" + r.offset() + " is not a CompressedFrame: "
                                + r.error());
                        continue;
                    }
                    stats.add(r.value(), decode(r.value(), decoder, w, waiting));
                }
            }
        }
        return stats;
    }

    /** Decodes and writes one frame; false (and at most one line on stderr) when it does not decode. */
    private static boolean decode(CompressedFrame f, FrameDecoder decoder, FrameWriter writer, Set<String> waiting)
            throws IOException {
        String camera = CameraFiles.shown(f.getCameraId());
        DecodedFrame d;
        try {
            d = decoder.decode(f.getCameraId(), AvroBytes.copy(f.getBitstream()));
        } catch (MissingReferenceException e) {
            if (waiting.add(f.getCameraId())) {
                System.err.println(camera + ": joined mid-stream at frame " + f.getSequence()
                        + "; skipping to its next key frame");
            }
            return false;
        } catch (BitstreamException | ModelBundleException e) {
            System.err.println(camera + "/" + f.getSequence() + " does not decode: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // Not a refusal the decoder names: still one frame, reported, and the stream goes on.
            System.err.println(camera + "/" + f.getSequence() + " does not decode (" + e.getClass().getSimpleName()
                    + "): " + e.getMessage());
            return false;
        }
        waiting.remove(f.getCameraId());
        if (writer != null) {
            writer.write(f.getCameraId(), f.getSequence(), d.image());
        }
        return true;
    }
}
