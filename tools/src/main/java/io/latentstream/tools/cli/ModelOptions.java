package io.latentstream.tools.cli;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that load a model. */
final class ModelOptions {
    @Option(names = "--model", description = "model directory (default: ${DEFAULT-VALUE} under the install)",
            defaultValue = ModelBundle.DEFAULT_MODEL_DIR)
    Path model;

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
        return codec(bundle(), decoder);
    }

    /** A codec of bundle decoding with the given variant, on the target these options name. */
    LatentCodec codec(ModelBundle bundle, String decoderVariant) {
        ExecutionTarget target = cuda >= 0 ? ExecutionTarget.cuda(cuda, threads) : ExecutionTarget.cpu(threads);
        return LatentCodec.builder(bundle).target(target).decoderVariant(decoderVariant).maxPixels(maxPixels)
                .build();
    }
}
