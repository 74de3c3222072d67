#!/bin/sh
# Reproduces the message-path figures of benchmarks/README.md against a redis-server started by the test kit
# (free loopback ports, never 6379). About 7 minutes on 2 idle cores (15 under load); QUICK=1 for a 2-minute smoke run;
# ROUNDS=n and N=messages override the rounds and the messages per cell.
# Results (Markdown tables and the raw JMH output) go to benchmarks/target/results/.
set -eu
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q -pl benchmarks -am package -DskipTests
fi
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results
mkdir -p "$OUT"
P=dev.thalos.redis.security.benchmarks
if [ "${QUICK:-0}" = 1 ]; then
  ROUNDS=${ROUNDS:-1}; N=${N:-50000}; JMH="-f 1 -wi 1 -i 2 -w 1s -r 1s"; RATE_SECONDS=2; CONNECTS=5
else
  ROUNDS=${ROUNDS:-5}; N=${N:-200000}; JMH="-f 1 -wi 3 -i 5 -w 1s -r 1s"; RATE_SECONDS=5; CONNECTS=20
fi
echo "load: $(cat /proc/loadavg)"

# 1. Allocation and time of the per-message dispatch, in memory (no Redis)
java -jar "$JAR" SubscriberDispatch -prof gc $JMH | tee "$OUT/dispatch.txt"

# 1b. The whole read path in memory (socket reads -> SslHandler -> Lettuce's RESP3 decoding -> listener):
#     what TLS costs a saturated subscriber, independent of the machine's kernel and server
java -jar "$JAR" TlsReadPath -prof gc $JMH | tee "$OUT/tls-read-path.txt"

# 2. Subscriber saturated: backlog drained as fast as the subscriber reads (raw Lettuce vs ThalosSubscriber,
#    plaintext vs TLS with the JDK engine vs TLS with OpenSSL), alternating, several rounds
#    (lettuce_adapter_settings: raw Lettuce on this library's connection settings, to separate their cost)
java -cp "$JAR" $P.MessagePathRounds --mode=drain --messages=$N --rounds=$ROUNDS --mix=thalos \
  --engines=jdk,openssl --subscribers=lettuce,lettuce_adapter_settings,thalos --out="$OUT/drain.md"

# 2b. The same pinned to RESP2 (ThalosSubscriber: HandshakeProfile.MINIMAL_RESP2), plaintext and TLS (JDK)
java -cp "$JAR" $P.MessagePathRounds --mode=drain --messages=$N --rounds=$ROUNDS --mix=thalos --resp2 \
  --out="$OUT/drain-resp2.md"

# 3. Live flood: redis-benchmark publishers (one per channel, -c 2 -P 64) and the subscriber at the same time
java -cp "$JAR" $P.MessagePathRounds --mode=flood --messages=$N --rounds=$ROUNDS --warmups=1 --mix=thalos \
  --engines=jdk,openssl --out="$OUT/flood.md"

# 3b. Like the anchor measurement: 400 B messages, 4 publisher connections pipelining 32 (one per channel)
java -cp "$JAR" $P.MessagePathRounds --mode=flood --messages=$N --rounds=$ROUNDS --warmups=1 --mix=400 \
  --clients=1 --pipeline=32 --out="$OUT/flood-400.md"

# 4. A publish rate the server sustains over TLS: 20,000 msg/s from one paced publisher
java -cp "$JAR" $P.MessagePathRounds --mode=paced --rate=20000 --seconds=$RATE_SECONDS --rounds=$ROUNDS \
  --warmups=1 --mix=thalos --engines=jdk,openssl --out="$OUT/paced.md"

# 5. Connection setup: plaintext vs TLS vs mutual TLS
java -cp "$JAR" $P.ConnectionSetupRounds --rounds=$ROUNDS --connects=$CONNECTS --out="$OUT/setup.md"

# 6. Self-check: round trips and wall time per role
java -cp "$JAR" $P.SelfCheckRounds --rounds=$ROUNDS --out="$OUT/selfcheck.md"
echo "load: $(cat /proc/loadavg)"
