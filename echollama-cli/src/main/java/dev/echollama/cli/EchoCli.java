package dev.echollama.cli;

import dev.echollama.BadInputException;
import dev.echollama.EchoException;
import dev.echollama.ModelMissingException;
import dev.echollama.ProviderNotFoundException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code echollama} command. Exit codes: 0 ok, 2 usage, 3 model missing (the message says how to get it),
 * 4 bad input, 1 anything else. Expected errors print one line; {@code --verbose} adds the stack trace.
 */
@Command(name = "echollama", mixinStandardHelpOptions = true, versionProvider = EchoCli.Version.class,
        description = "Describe a picture aloud and answer questions about it.",
        subcommands = {AnalyzeCommand.class, DescribeCommand.class, ChatCommand.class, SpeakCommand.class,
                TranscribeCommand.class, GenerateCommand.class, DatasetCommand.class, ModelsCommand.class,
                ProvidersCommand.class,
                CommandLine.HelpCommand.class})
public final class EchoCli {
    public static final int OK = 0;
    public static final int OTHER = 1;
    public static final int USAGE = 2;
    public static final int MODEL_MISSING = 3;
    public static final int BAD_INPUT = 4;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; for tests and embedding. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new EchoCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                    || (parseResult.subcommand() != null && parseResult.subcommand().subcommand() != null
                    && parseResult.subcommand().subcommand().hasMatchedOption("--verbose"));
            int code = exitCodeOf(ex);
            commandLine.getErr().println("echollama: " + ex.getMessage());
            if (verbose || code == OTHER && !(ex instanceof EchoException)) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return code;
        });
        return cl.execute(args);
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof UsageError) {
            return USAGE;
        }
        if (ex instanceof ModelMissingException || ex instanceof ProviderNotFoundException) {
            return MODEL_MISSING;
        }
        if (ex instanceof BadInputException) {
            return BAD_INPUT;
        }
        return OTHER;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = EchoCli.class.getPackage().getImplementationVersion();
            return new String[] {"echollama " + (v == null ? "development build" : v)};
        }
    }
}
