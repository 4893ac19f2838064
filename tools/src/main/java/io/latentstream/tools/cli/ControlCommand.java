package io.latentstream.tools.cli;

import io.latentstream.job.JobConfig;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.schema.EncoderCommand;
import io.latentstream.schema.EncoderControl;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "control", description = "Ask the running job for a camera's key frame, switch its rate level, or "
        + "set its bitrate target, through the control topic.")
final class ControlCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = JobConfig.CONTROL_TOPIC, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--camera", required = true, description = "camera id")
    String camera;

    @ArgGroup(multiplicity = "1")
    Request request;

    static final class Request {
        @Option(names = "--key-frame", description = "code the camera's next frame as a key frame")
        boolean keyFrame;

        @Option(names = "--level", description = "switch the camera to this rate level")
        Integer level;

        @Option(names = "--configured-level", description = "return the camera to the job's configured level")
        boolean configuredLevel;

        @Option(names = "--kbps", description = "hold the camera to this many kbit/s over each quality window; "
                + "0: no target, it codes at its rate level")
        Double kbps;

        @Option(names = "--configured-kbps", description = "return the camera to the job's configured target "
                + "(--camera-kbps, --kbps, or none)")
        boolean configuredKbps;
    }

    @Override
    public Integer call() throws Exception {
        EncoderControl.Builder message = EncoderControl.newBuilder().setCameraId(camera)
                .setRequestedAtMicros(System.currentTimeMillis() * 1000);
        if (request.keyFrame) {
            message.setCommand(EncoderCommand.KEY_FRAME);
        } else if (request.kbps != null || request.configuredKbps) {
            if (request.kbps != null && !(request.kbps >= 0)) {
                throw new IllegalArgumentException("--kbps must be >= 0");
            }
            message.setCommand(EncoderCommand.SET_BITRATE).setKbitPerSecond(request.kbps);
        } else {
            if (request.level != null && request.level < 0) {
                throw new IllegalArgumentException("--level must be >= 0");
            }
            message.setCommand(EncoderCommand.SET_LEVEL).setLevel(request.level);
        }
        kafka.requireBroker();
        byte[] bytes = AvroRecordSerializer.valueBytes(EncoderControl::toByteBuffer, message.build());
        Properties props = kafka.clientProperties();
        props.put("bootstrap.servers", kafka.bootstrapServers);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            var meta = producer.send(new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), bytes)).get();
            System.out.printf("sent %s for %s to %s-%d@%d%n", message.getCommand(), camera, meta.topic(),
                    meta.partition(), meta.offset());
        }
        return 0;
    }
}
