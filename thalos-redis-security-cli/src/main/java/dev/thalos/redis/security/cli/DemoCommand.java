package dev.thalos.redis.security.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code demo}: the zero-setup tour. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "The zero-setup tour.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("the demo is not part of this build yet");
  }
}
