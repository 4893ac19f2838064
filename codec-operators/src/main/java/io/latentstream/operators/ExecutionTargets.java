package io.latentstream.operators;

import io.latentstream.codec.inference.ExecutionTarget;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the slot's Flink GPU external resource to an ONNX Runtime execution target. */
final class ExecutionTargets {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionTargets.class);

    private ExecutionTargets() {}

    static ExecutionTarget forSlot(Set<ExternalResourceInfo> gpus, int cpuThreads) {
        for (ExternalResourceInfo gpu : gpus) {
            var index = gpu.getProperty("index");
            if (index.isPresent()) {
                try {
                    return ExecutionTarget.cuda(Integer.parseInt(index.get().trim()), cpuThreads);
                } catch (NumberFormatException e) {
                    LOG.warn("GPU resource index '{}' is not a number; using the CPU", index.get());
                }
            }
        }
        LOG.info("no GPU external resource for this slot (none configured, or a MiniCluster); encoding on the CPU");
        return ExecutionTarget.cpu(cpuThreads);
    }
}
