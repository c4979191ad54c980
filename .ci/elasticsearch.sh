#!/usr/bin/env bash
# A real single-node Elasticsearch for tests and CI, fetched from Maven Central.
#
#   eval "$(.ci/elasticsearch.sh start)"   # prints: export ELASTICSEARCH_URL=http://127.0.0.1:PORT
#   .ci/elasticsearch.sh stop
#
# The integ-test-zip distribution carries no JDK and no analysis-common module; the
# portal needs neither: it sends the node lemmas made in Python (pymorphy3), which
# the core `standard` tokenizer and `lowercase` filter index as they are, so no
# dictionary or analysis plugin is installed. Elasticsearch refuses to run as
# root: the node runs as an unprivileged system user from a directory outside
# /root. Progress goes to stderr; stdout carries only the export line.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.3}"
ES_PORT="${ES_PORT:-9200}"
ES_BASE="${ES_BASE:-/var/tmp/portal-elasticsearch}"
ES_USER="${ES_USER:-portal-es}"
ES_HEAP="${ES_HEAP:-512m}"
ES_HOME="$ES_BASE/elasticsearch-$ES_VERSION"
ES_PIDFILE="$ES_BASE/elasticsearch.pid"
ES_URL="http://127.0.0.1:$ES_PORT"

log() { echo "[elasticsearch.sh] $*" >&2; }

as_root() {
    if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi
}

pick_java_home() {
    # 8.x runs on Java 17; 9.x needs Java 21 or later (Temurin 25 is usually present).
    local major="${ES_VERSION%%.*}" candidate
    if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
    if [ "$major" -ge 9 ]; then
        for candidate in /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-2[1-9]-openjdk-* /usr/lib/jvm/temurin-2[1-9]-*; do
            [ -x "$candidate/bin/java" ] && { echo "$candidate"; return; }
        done
    else
        for candidate in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-2[1-9]-openjdk-* /usr/lib/jvm/temurin-*; do
            [ -x "$candidate/bin/java" ] && { echo "$candidate"; return; }
        done
    fi
    log "no suitable Java found under /usr/lib/jvm for Elasticsearch $ES_VERSION"
    exit 1
}

install_packages() {
    local missing=()
    command -v mvn >/dev/null 2>&1 || missing+=(maven)
    command -v unzip >/dev/null 2>&1 || missing+=(unzip)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        as_root apt-get update -qq >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    fi
}

fetch_distribution() {
    [ -x "$ES_HOME/bin/elasticsearch" ] && return
    local artifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
    local download="$ES_BASE/download"
    mkdir -p "$download"
    log "fetching $artifact from Maven Central"
    mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="$artifact" -DoutputDirectory="$download" >&2
    rm -rf "$ES_HOME.tmp" && mkdir -p "$ES_HOME.tmp"
    unzip -q "$download/elasticsearch-$ES_VERSION.zip" -d "$ES_HOME.tmp"
    mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$ES_HOME.tmp"
}

configure() {
    local data="$ES_BASE/data-$ES_PORT" logs="$ES_BASE/logs-$ES_PORT"
    rm -rf "$data"  # a fresh data path for every run
    mkdir -p "$data" "$logs" "$ES_HOME/config/jvm.options.d"
    # Earlier versions of this script copied a hunspell dictionary here: no longer read.
    rm -rf "$ES_HOME/config/hunspell"
    printf -- '-Xms%s\n-Xmx%s\n' "$ES_HEAP" "$ES_HEAP" >"$ES_HOME/config/jvm.options.d/heap.options"
    cat >"$ES_HOME/config/elasticsearch.yml" <<YML
cluster.name: portal-test
node.name: portal-test-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
path.data: $data
path.logs: $logs
xpack.security.enabled: false
xpack.ml.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
}

ensure_user() {
    if ! id "$ES_USER" >/dev/null 2>&1; then
        log "creating system user $ES_USER"
        as_root useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    fi
    as_root chown -R "$ES_USER" "$ES_BASE"
}

wait_for_health() {
    local attempt
    for attempt in $(seq 1 120); do
        if curl -fsS "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    log "Elasticsearch did not become healthy at $ES_URL; last log lines:"
    tail -n 40 "$ES_BASE/logs-$ES_PORT/portal-test.log" >&2 || true
    return 1
}

start() {
    if [ -f "$ES_PIDFILE" ] && kill -0 "$(cat "$ES_PIDFILE")" 2>/dev/null \
        && curl -fsS "$ES_URL/_cluster/health" >/dev/null 2>&1; then
        log "already running (pid $(cat "$ES_PIDFILE"))"
        echo "export ELASTICSEARCH_URL=$ES_URL"
        return 0
    fi
    install_packages
    mkdir -p "$ES_BASE"
    fetch_distribution
    configure
    ensure_user
    local java_home
    java_home="$(pick_java_home)"
    log "starting Elasticsearch $ES_VERSION on $ES_URL (Java: $java_home)"
    rm -f "$ES_PIDFILE"
    touch "$ES_BASE/start-$ES_PORT.log" && chown "$ES_USER" "$ES_BASE/start-$ES_PORT.log"
    (cd "$ES_BASE" && as_root runuser -u "$ES_USER" -- env ES_JAVA_HOME="$java_home" \
        "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" >"$ES_BASE/start-$ES_PORT.log" 2>&1) || {
        log "Elasticsearch failed to start:"
        tail -n 40 "$ES_BASE/start-$ES_PORT.log" >&2
        return 1
    }
    wait_for_health
    log "ready"
    echo "export ELASTICSEARCH_URL=$ES_URL"
}

stop() {
    if [ -f "$ES_PIDFILE" ]; then
        local pid
        pid="$(cat "$ES_PIDFILE")"
        log "stopping pid $pid"
        as_root kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        rm -f "$ES_PIDFILE"
    else
        log "not running"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
