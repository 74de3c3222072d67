package dev.thalos.redis.security.cli;

import picocli.CommandLine.Command;

/** {@code conf}: commands about {@code redis.conf}. */
@Command(name = "conf", mixinStandardHelpOptions = true,
    description = "Audit a redis.conf offline (no connection to Redis).")
final class ConfCommand {
}
