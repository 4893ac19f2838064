package io.latentstream.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of bin/latentstream. */
@Command(name = "latentstream", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        version = "latentstream 0.1.0", description = "Learned compression for camera streams.",
        subcommands = {EncodeCommand.class, DecodeCommand.class, InspectCommand.class, BenchCommand.class,
            SimulateCommand.class, ConsumeCommand.class, DemoCommand.class, BenchJobCommand.class,
            KafkaCommand.class, BenchVideoCommand.class, BenchDecodersCommand.class, ControlCommand.class,
            QualityCommand.class, ViewCommand.class, KeyPriorsCommand.class})
public final class LatentStreamCli {
    static final String VERBOSE = "--verbose";

    @Option(names = VERBOSE, scope = ScopeType.INHERIT, description = "on failure, the stack trace after the "
            + "one-line error")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The CLI with its commands, for embedding (tests run commands in-process through it). */
    public static CommandLine commandLine() {
        return new CommandLine(new LatentStreamCli()).setExecutionExceptionHandler(LatentStreamCli::oneLine);
    }

    /**
     * A failed command says what went wrong in one line, the exception's type (a corrupt
     * bitstream, a missing file, an unreachable broker) and its message, and exits 1;
     * --verbose adds the stack trace.
     */
    private static int oneLine(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println(cmd.getCommandName() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VERBOSE)) {
                e.printStackTrace(cmd.getErr());
                break;
            }
        }
        return 1;
    }
}
