#!/usr/bin/env bash
# Regenerates the Redis command table the ACL evaluator uses, from a throwaway redis-server on a free
# loopback port. Usage: generate-command-table.sh [path/to/redis-server]   (default: redis-server on PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
redis_server="${1:-redis-server}"
out="$here/../resources/dev/thalos/redis/security/acl/internal/redis-commands.txt"
java "$here/CommandTableGenerator.java" --redis-server "$redis_server" --out "$out"
echo "wrote $out ($(grep -c '^command ' "$out") commands) from $("$redis_server" --version)"
