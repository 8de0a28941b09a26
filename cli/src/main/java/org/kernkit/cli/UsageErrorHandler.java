package org.kernkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How every usage error is reported: {@code kernkit <command>: <problem>} and a pointer to that command's help, exit
 * code 2. A command line that asks for {@code --help} gets the help of the deepest command it names instead, even when
 * a parent's required option is missing ({@code kernkit vmbus guest info --help}).
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine failed = ex.getCommandLine();
        if (asksForHelp(args)) {
            CommandLine named = deepestNamed(root(failed), args);
            named.usage(named.getOut());
            named.getOut().flush();
            return 0;
        }
        String command = failed.getCommandSpec().qualifiedName();
        var err = failed.getErr();
        err.println(command + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + command + " --help' for its usage.");
        err.flush();
        return 2;
    }

    private static boolean asksForHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help")) {
                return true;
            }
            if (arg.equals("--")) {
                return false;
            }
        }
        return false;
    }

    private static CommandLine root(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }

    /** The command reached by following, in order, the arguments that name a subcommand of the one before. */
    private static CommandLine deepestNamed(CommandLine root, String[] args) {
        CommandLine current = root;
        for (String arg : args) {
            CommandLine sub = current.getSubcommands().get(arg);
            if (sub != null) {
                current = sub;
            }
        }
        return current;
    }
}
