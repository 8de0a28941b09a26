package org.kernkit.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kernkit help [COMMAND...]}: the help of the command that the words name, at any depth ({@code kernkit help
 * vfat cp} shows the help of {@code vfat cp}). picocli's own help command looks at the first word only.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. 'kernkit help vfat cp'.")
final class HelpCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command words, e.g. 'vfat cp'.")
    private List<String> words = List.of();

    @Override
    public void run() {
        CommandLine target = spec.commandLine().getParent();
        for (String word : words) {
            CommandLine sub = target.getSubcommands().get(word);
            if (sub == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "'" + word + "' is not a subcommand of '"
                        + target.getCommandSpec().qualifiedName() + "'; it has " + target.getSubcommands().keySet());
            }
            target = sub;
        }
        target.usage(spec.commandLine().getOut());
    }
}
