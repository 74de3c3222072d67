package dev.thalos.redis.security.cli;

import picocli.CommandLine.Command;

/** {@code acl}: generate, explain and audit Redis ACL users for Thalos. */
@Command(name = "acl", mixinStandardHelpOptions = true,
    description = "Generate least-privilege ACL users for Thalos, explain what a user may do, audit a users.acl.")
final class AclCommand {
}
