package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.check.CheckReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Runs the command line in-process with captured output, a given environment and a scripted prompt. */
final class CliRun {

  /** What one run produced. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private char[] typedPassword;
  private LiveCheck liveCheck = new LettuceLiveCheck();
  int prompts;

  CliRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What the user types at the password prompt; unset means there is no terminal. */
  CliRun typedPassword(String password) {
    this.typedPassword = password.toCharArray();
    return this;
  }

  CliRun liveCheck(LiveCheck check) {
    this.liveCheck = check;
    return this;
  }

  /** A live check that returns {@code report} without connecting. */
  CliRun liveReport(CheckReport report) {
    return liveCheck((endpoint, check) -> report);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment = new CliEnvironment(env, prompt -> {
      prompts++;
      return typedPassword == null ? Optional.empty() : Optional.of(typedPassword.clone());
    });
    int exit = Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true), environment, liveCheck)
        .execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  static Result exec(String... args) {
    return new CliRun().run(args);
  }
}
