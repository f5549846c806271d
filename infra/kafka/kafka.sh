#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, broker+controller in one JVM) built from the
# Maven Central artifacts in pom.xml, for local runs, the demo and the test suite.
#
#   kafka.sh start    fetch jars if needed, format the log dir once, start, wait until it answers
#   kafka.sh stop     stop it (SIGTERM, then SIGKILL after 30 s)
#   kafka.sh status   exit 0 when it runs and answers a metadata request, 3 otherwise
#   kafka.sh reset    stop it and delete its data, so the next start is a fresh cluster
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (port+1), KAFKA_HEAP (512m),
# KAFKA_START_TIMEOUT_MS (90000). State lives in var/kafka/<port>/; jars in var/kafka/libs/.
# KAFKA_SECURE=1 (read when the log dir is formatted) also opens SASL over TLS on port+2 (PLAIN and
# SCRAM-SHA-256/512, user hoso, password hoso-secret) and TLS with client certificates on port+3, all
# signed by a throwaway CA in var/kafka/<port>/tls/ (ca.pem, client.pem, client.key): for trying the
# bridge's KAFKA_SSL and KAFKA_SASL settings, never for production.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
heap="${KAFKA_HEAP:-512m}"
start_timeout_ms="${KAFKA_START_TIMEOUT_MS:-90000}"
libs="$root/var/kafka/libs"
state="$root/var/kafka/$port"
pid_file="$state/broker.pid"
log_file="$state/broker.log"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"

say() { echo "kafka: $*"; }
die() {
  echo "kafka: $*" >&2
  exit 1
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

answers() { # <timeoutMs> [pid]
  node "$here/wait-ready.js" "127.0.0.1:$port" "$@"
}

require_java() {
  command -v java >/dev/null 2>&1 ||
    die "Java 17 or newer is required to run the local broker, and 'java' is not on PATH. Install a JDK 17+ (or point KAFKA_BROKERS at an existing broker)."
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null ||
    die "Java 17 or newer is required to run the local broker; 'java' here is version ${major:-unknown}."
}

fetch_jars() {
  local stamp="$libs/.pom.sha256" want
  want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  command -v mvn >/dev/null 2>&1 ||
    die "Maven 3.8+ is required once, to fetch the Kafka jars, and 'mvn' is not on PATH."
  say "fetching Kafka $kafka_version jars with Maven into ${libs#"$root"/} ..."
  rm -rf "$libs"
  mkdir -p "$root/var/kafka"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" \
    >"$root/var/kafka/maven.log" 2>&1 ||
    die "Maven could not fetch the Kafka jars; see var/kafka/maven.log"
  echo "$want" >"$stamp"
}

format_storage() {
  [[ -f "$state/data/meta.properties" ]] && return 0
  mkdir -p "$state/data"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA_DIR@|$state/data|g" \
    "$here/server.properties.template" >"$state/server.properties"
  local scram_users=()
  if [[ "${KAFKA_SECURE:-0}" == 1 ]]; then
    secure_listeners >>"$state/server.properties"
    scram_users=(--add-scram 'SCRAM-SHA-256=[name=hoso,password=hoso-secret]'
      --add-scram 'SCRAM-SHA-512=[name=hoso,password=hoso-secret]')
  fi
  # A cluster id is 16 random bytes in URL-safe base64 without padding; one in 64 starts with "-", which
  # the tool takes for an option unless it is given as --cluster-id=….
  local cluster_id
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  java -cp "$libs/*" -Dlog4j2.configurationFile="file:$here/log4j2.xml" \
    kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$state/server.properties" "${scram_users[@]}" \
    >"$state/format.log" 2>&1 ||
    die "formatting the KRaft log dir failed: $(tail -n 5 "$state/format.log")"
}

# Writes a throwaway CA, a broker and a client certificate into $state/tls; prints the properties that
# override the template's listeners (in a properties file the last value of a key wins).
secure_listeners() {
  local tls="$state/tls" pass=hoso-test-store
  local sasl_port=$((port + 2)) ssl_port=$((port + 3))
  mkdir -p "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj '/CN=hoso-bridge test CA' -keyout ca.key -out ca.pem
    for who in broker client; do
      openssl req -newkey rsa:2048 -nodes -subj "/CN=hoso-$who" -keyout "$who.key" -out "$who.csr"
      openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out "$who.pem" \
        -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost')
    done
    openssl pkcs12 -export -in broker.pem -inkey broker.key -name broker -passout "pass:$pass" -out broker.p12
    keytool -importcert -noprompt -alias ca -file ca.pem -keystore truststore.p12 -storetype PKCS12 \
      -storepass "$pass"
  ) >"$state/tls.log" 2>&1 || die "making the test certificates failed: $(tail -n 5 "$state/tls.log")"
  cat <<PROPERTIES

# KAFKA_SECURE=1: SASL over TLS and TLS with client certificates, for tests.
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_SSL://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_SSL://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_hoso="hoso-secret";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.ssl.ssl.client.auth=required
ssl.keystore.type=PKCS12
ssl.keystore.location=$tls/broker.p12
ssl.keystore.password=$pass
ssl.key.password=$pass
ssl.truststore.type=PKCS12
ssl.truststore.location=$tls/truststore.p12
ssl.truststore.password=$pass
PROPERTIES
}

start() {
  local pid
  if pid="$(running_pid)"; then
    if answers 5000; then
      say "already running on 127.0.0.1:$port (pid $pid, log ${log_file#"$root"/})"
      return 0
    fi
    die "a broker process ($pid) exists for port $port but does not answer; see ${log_file#"$root"/} or run 'kafka.sh stop'"
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already taken by another process; set KAFKA_PORT to use another one"
  fi
  require_java
  fetch_jars
  format_storage

  local started=$SECONDS
  say "starting Kafka $kafka_version on 127.0.0.1:$port (controller $controller_port, heap $heap)"
  : >"$log_file"
  setsid nohup java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="file:$here/log4j2.xml" -Dkafka.logs.dir="$state" \
    -cp "$libs/*" kafka.Kafka "$state/server.properties" >>"$log_file" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pid_file"
  if ! answers "$start_timeout_ms" "$pid"; then
    tail -n 20 "$log_file" >&2 || true
    die "the broker did not answer within ${start_timeout_ms} ms; full log: $log_file"
  fi
  say "ready on 127.0.0.1:$port in $((SECONDS - started)) s (pid $pid, log ${log_file#"$root"/})"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    say "not running on port $port"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "broker $pid did not stop within 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  say "stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)" && answers 3000; then
    say "running on 127.0.0.1:$port (pid $pid, Kafka $kafka_version, log ${log_file#"$root"/})"
    return 0
  fi
  say "not running on port $port"
  return 3
}

reset() {
  stop
  rm -rf "$state"
  say "deleted ${state#"$root"/}"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
reset) reset ;;
*)
  echo "usage: $0 start|stop|status|reset" >&2
  exit 2
  ;;
esac
