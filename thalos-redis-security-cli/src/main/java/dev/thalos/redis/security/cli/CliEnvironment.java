package dev.thalos.redis.security.cli;

import java.io.Console;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the commands take from the world outside their arguments: environment variables and an interactive
 * password prompt. The real one reads {@link System#getenv()} and {@link System#console()}; tests pass their own.
 */
final class CliEnvironment {

  /** Reads a password from whoever sits at the terminal, without echo. */
  interface PasswordPrompt {
    /** The password typed, or empty when there is no terminal to ask. */
    Optional<char[]> readPassword(String prompt);
  }

  private final Map<String, String> variables;
  private final PasswordPrompt prompt;

  CliEnvironment(Map<String, String> variables, PasswordPrompt prompt) {
    this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables must not be null"));
    this.prompt = Objects.requireNonNull(prompt, "prompt must not be null");
  }

  /** The process environment and the console, if there is one. */
  static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), CliEnvironment::consolePassword);
  }

  private static Optional<char[]> consolePassword(String text) {
    Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    char[] pw = console.readPassword("%s", text);
    return Optional.ofNullable(pw);
  }

  Map<String, String> variables() {
    return variables;
  }

  PasswordPrompt prompt() {
    return prompt;
  }
}
