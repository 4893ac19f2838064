package io.latentstream.tools.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of bin/latentstream. */
@Command(name = "latentstream", mixinStandardHelpOptions = true, version = "latentstream 0.1.0",
        description = "Learned compression for camera streams.",
        subcommands = {EncodeCommand.class, DecodeCommand.class, InspectCommand.class, BenchCommand.class,
            SimulateCommand.class, ConsumeCommand.class, DemoCommand.class, BenchJobCommand.class,
            KafkaCommand.class, BenchVideoCommand.class, BenchDecodersCommand.class, ControlCommand.class})
public final class LatentStreamCli {
    /** Set to 1 for the stack trace behind a command's one-line error. */
    static final String DEBUG_ENV = "LATENTSTREAM_DEBUG";

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new LatentStreamCli()).setExecutionExceptionHandler(LatentStreamCli::oneLine);
    }

    /**
     * A failed command says what went wrong in one line, the exception's type (a corrupt
     * bitstream, a missing file) and its message, and exits 1; LATENTSTREAM_DEBUG=1 adds the
     * stack trace.
     */
    private static int oneLine(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println(cmd.getCommandName() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        if ("1".equals(System.getenv(DEBUG_ENV))) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
