package io.latentstream.codec.inference;

/**
 * Where a network runs: the CPU, or a CUDA device by id. A CUDA request falls back to
 * the CPU when the CUDA execution provider cannot be loaded (no CUDA 12 / cuDNN 9 on
 * the host, or a CPU-only ONNX Runtime); {@link OrtSessions} logs the reason once.
 */
public record ExecutionTarget(int cudaDevice, int cpuThreads) {
    public static final int NO_CUDA = -1;

    public ExecutionTarget {
        if (cudaDevice < NO_CUDA) {
            throw new IllegalArgumentException("CUDA device id must be >= 0, or -1 for the CPU");
        }
        if (cpuThreads < 0) {
            throw new IllegalArgumentException("CPU threads must be >= 0 (0: ONNX Runtime's default)");
        }
    }

    public static ExecutionTarget cpu(int threads) {
        return new ExecutionTarget(NO_CUDA, threads);
    }

    public static ExecutionTarget cuda(int device, int cpuThreads) {
        return new ExecutionTarget(device, cpuThreads);
    }

    public boolean wantsCuda() {
        return cudaDevice != NO_CUDA;
    }

    @Override
    public String toString() {
        return wantsCuda() ? "cuda:" + cudaDevice : "cpu(" + (cpuThreads == 0 ? "default" : cpuThreads) + " threads)";
    }
}
