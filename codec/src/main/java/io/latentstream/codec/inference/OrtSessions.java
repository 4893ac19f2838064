package io.latentstream.codec.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime sessions shared per JVM (per class loader, in Flink), one per model file
 * and execution target. {@code OrtSession.run} is thread-safe, so every operator
 * instance in a TaskManager uses the same session rather than loading the weights once
 * per slot. Sessions live as long as the class loader.
 */
public final class OrtSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);
    private static final Map<Key, OrtSession> SESSIONS = new ConcurrentHashMap<>();
    private static final Set<String> LOGGED_FALLBACKS = ConcurrentHashMap.newKeySet();

    private record Key(Path model, ExecutionTarget target) {}

    private OrtSessions() {}

    /** The JVM's one session for model on target: CUDA when the target asks and the device grants it, else the CPU. */
    public static OrtSession get(Path model, ExecutionTarget target) {
        return SESSIONS.computeIfAbsent(new Key(model.toAbsolutePath().normalize(), target), OrtSessions::open);
    }

    private static OrtSession open(Key key) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (key.target().wantsCuda()) {
            try (OrtSession.SessionOptions options = options(key.target())) {
                options.addCUDA(key.target().cudaDevice());
                OrtSession s = env.createSession(key.model().toString(), options);
                LOG.info("{} runs on CUDA device {}", key.model().getFileName(), key.target().cudaDevice());
                return s;
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
                if (LOGGED_FALLBACKS.add(reason)) {
                    LOG.warn("CUDA device {} unavailable, running on the CPU: {}", key.target().cudaDevice(), reason);
                }
            }
        }
        try (OrtSession.SessionOptions options = options(key.target())) {
            return env.createSession(key.model().toString(), options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load " + key.model() + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options(ExecutionTarget target) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (target.cpuThreads() > 0) {
            options.setIntraOpNumThreads(target.cpuThreads());
            options.setInterOpNumThreads(1);
        }
        return options;
    }
}
