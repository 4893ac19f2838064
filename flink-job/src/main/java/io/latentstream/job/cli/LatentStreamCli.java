package io.latentstream.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of bin/latentstream. */
@Command(name = "latentstream", mixinStandardHelpOptions = true, version = "latentstream 0.1.0",
        description = "Learned compression for camera streams.",
        subcommands = {EncodeCommand.class, DecodeCommand.class, InspectCommand.class, BenchCommand.class,
            SimulateCommand.class, ConsumeCommand.class, DemoCommand.class, BenchJobCommand.class,
            KafkaCommand.class, BenchVideoCommand.class, BenchDecodersCommand.class, ControlCommand.class})
public final class LatentStreamCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new LatentStreamCli()).execute(args));
    }
}
