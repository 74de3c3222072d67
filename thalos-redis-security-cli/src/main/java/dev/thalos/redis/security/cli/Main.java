package dev.thalos.redis.security.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code thalos-redis-security} command line: {@code check}, {@code acl generate|explain|audit},
 * {@code conf audit} and {@code demo}. Every command has {@code --help}, which lists the {@link ExitCodes}.
 *
 * <pre>{@code
 * StringWriter out = new StringWriter();
 * int exit = Main.newCommandLine(new PrintWriter(out), new PrintWriter(System.err))
 *     .execute("conf", "audit", "/etc/redis/redis.conf", "--format", "json");
 * }</pre>
 */
@Command(
    name = "thalos-redis-security",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Secures Redis deployments of Thalos: TLS, least-privilege ACLs, channel validation, self-checks.",
        "Start with 'demo' for a tour; 'check' a deployment; 'acl generate' users; 'conf audit' a redis.conf."})
public final class Main implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Creates the command line, writing to the given streams (used by tests to run it in-process). */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    return newCommandLine(out, err, CliEnvironment.system(), new LettuceLiveCheck());
  }

  static CommandLine newCommandLine(PrintWriter out, PrintWriter err, CliEnvironment environment,
      LiveCheck liveCheck) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.addSubcommand(new CheckCommand(environment, liveCheck));
    CommandLine acl = new CommandLine(new AclCommand());
    acl.addSubcommand(new AclGenerateCommand());
    acl.addSubcommand(new AclExplainCommand());
    acl.addSubcommand(new AclAuditCommand());
    cmd.addSubcommand(acl);
    CommandLine conf = new CommandLine(new ConfCommand());
    conf.addSubcommand(new ConfAuditCommand());
    cmd.addSubcommand(conf);
    cmd.addSubcommand(new DemoCommand(liveCheck));
    cmd.registerConverter(Path.class, new Converters.PathConverter());
    ErrorHandler errors = new ErrorHandler();
    cmd.setExecutionExceptionHandler(errors);
    cmd.setExitCodeExceptionMapper(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setOut(out);
    cmd.setErr(err);
    applyExitCodeList(cmd);
    return cmd;
  }

  private static void applyExitCodeList(CommandLine cmd) {
    cmd.getCommandSpec().usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.helpList());
    for (CommandLine sub : cmd.getSubcommands().values()) {
      applyExitCodeList(sub);
    }
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = newCommandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.PASSED;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"thalos-redis-security " + (v == null ? "(development build)" : v)};
    }
  }
}
