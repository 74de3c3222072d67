package dev.thalos.redis.security.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code thalos-redis-security} command line. */
@Command(
    name = "thalos-redis-security",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Secures Redis deployments of Thalos: TLS, least-privilege ACLs, channel validation, self-checks.")
public final class Main implements Callable<Integer> {

  /** Creates the command line, writing to the given streams (used by tests to run it in-process). */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(out);
    cmd.setErr(err);
    return cmd;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(newCommandLine(out, err).execute(args));
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"thalos-redis-security " + (v == null ? "(development build)" : v)};
    }
  }
}
