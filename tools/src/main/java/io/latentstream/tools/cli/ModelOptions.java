package io.latentstream.tools.cli;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that load a model. */
final class ModelOptions {
    @Option(names = "--model", description = "model directory (default: ${DEFAULT-VALUE} under the install)",
            defaultValue = ModelBundle.DEFAULT_MODEL_DIR)
    Path model;

    @Option(names = "--encoder", split = ",", description = "encoder variant: full, or int8 (about 2x faster on CPUs "
            + "with VNNI, the same decoders); bench-video takes a comma list and runs each side by side (default: "
            + "${DEFAULT-VALUE})", defaultValue = ModelBundle.FULL_ENCODER)
    List<String> encoders;

    @Option(names = "--decoder", description = "decoder variant (default: ${DEFAULT-VALUE})", defaultValue = "full")
    String decoder;

    @Option(names = "--cuda", description = "CUDA device id; falls back to the CPU when CUDA is unavailable",
            defaultValue = "-1")
    int cuda;

    @Option(names = "--threads", description = "ONNX Runtime CPU threads (0: its default)", defaultValue = "0")
    int threads;

    @Option(names = "--max-pixels", description = "largest frame encoded or decoded; a bitstream declaring more is "
            + "refused unread (default: ${DEFAULT-VALUE})")
    long maxPixels = LatentCodec.DEFAULT_MAX_PIXELS;

    ModelBundle bundle() throws IOException {
        return ModelBundle.load(InstallHome.locate(model));
    }

    LatentCodec codec() throws IOException {
        return codec(bundle(), encoder(), decoder);
    }

    /** The one encoder variant of a command that runs one. */
    String encoder() {
        if (encoders.size() != 1) {
            throw new IllegalArgumentException("--encoder takes one variant here, got " + encoders);
        }
        return encoders.get(0);
    }

    /** A codec of bundle with the given variants, on the target these options name. */
    LatentCodec codec(ModelBundle bundle, String encoderVariant, String decoderVariant) {
        ExecutionTarget target = cuda >= 0 ? ExecutionTarget.cuda(cuda, threads) : ExecutionTarget.cpu(threads);
        return LatentCodec.builder(bundle).target(target).encoderVariant(encoderVariant)
                .decoderVariant(decoderVariant).maxPixels(maxPixels).build();
    }
}
