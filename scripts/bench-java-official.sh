#!/usr/bin/env bash
# The official Java SDK (com.clerk:backend-api 5.0.0) side by side with the Kotlin binding
# (issue 12): the workloads and method of scripts/bench-kotlin.sh (verifyToken with a PEM key,
# users.list(limit = 100), users.get, users.create against `bench-python.py serve`; process and
# calling-thread CPU and wall per call, medians of 5 rounds after a warm-up; OpenSSL's RSA-2048
# verify before and after). The official SDK lives in bench/java-official/, a Maven module of
# its own, never a dependency of the product; Maven downloads into bench/java-official/target/m2.
#
# The Kotlin binding's harness (bench-kotlin.sh's BenchKt) runs right after the official one, in
# a JVM of its own, against the same mock, between the same two OpenSSL runs: the table's ratios.
# It runs from a snapshot of the binding's built JAR and test classes (build.sh or bench-kotlin.sh
# build them), with the release native library loaded through jna.library.path ahead of the
# JAR's copy. The script says whether the JAR holds that very library: when it does not, the
# JAR's Kotlin may not match it (a missing symbol or a failed call, seen while the binding was
# being rebuilt); OWN_BUILD=1 then builds a matching release JAR of the working tree into this
# module's target/ first (build.sh's steps). BenchKt has no users.create: OursCreateBench
# measures the binding's createBlocking from Java, compiled here with javac against the snapshot.
#
#   scripts/bench-java-official.sh             # official SDK + Kotlin binding, ~4 min, prints the table
#   KOTLIN=0 scripts/bench-java-official.sh    # the official SDK alone
#   WRITE=1 scripts/bench-java-official.sh     # also write the table into docs/BENCHMARKS.md
#   OWN_BUILD=1 scripts/bench-java-official.sh # first a release JAR of the working tree, in target/ here
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib/common.sh"
DOC="$ROOT/docs/BENCHMARKS.md"
MOD="$ROOT/bench/java-official"
KOTLIN_DIR="$ROOT/bindings/uniffi/kotlin"
M2="$MOD/target/m2"
install_cleanup_trap
require_tool mvn "install Maven (and Java 17)"

section "Official Java SDK: build (bench/java-official)"
(cd "$MOD" && mvn -B -q -Dmaven.repo.local="$M2" compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$MOD/target/classpath.txt")
ok "com.clerk:backend-api $(sed -n 's:.*/backend-api/\([^/]*\)/.*:\1:p' <<<"$(tr ':' '\n' <"$MOD/target/classpath.txt")")"

KOTLIN_CMD=()
KOTLIN_STATE="not measured (KOTLIN=0)"
if [ "${KOTLIN:-1}" = 1 ]; then
  RELEASE_LIB="$CARGO_TARGET_DIR/release/libclerk_backend_uniffi.so"
  BUILT="$KOTLIN_DIR/target"
  if [ "${OWN_BUILD:-0}" = 1 ]; then
    # While the binding's own target/ holds a JAR from other sources than the release library:
    # build.sh's steps for a release JAR of the working tree, into this module's target/.
    section "Kotlin binding: a release JAR of the working tree, built into bench/java-official/target/kotlin-build"
    cargo build --release -p clerk-backend-uniffi --lib
    cargo build -p clerk-backend-uniffi-bindgen
    BUILT="$MOD/target/kotlin-build/target"
    rm -rf "$MOD/target/kotlin-build" && mkdir -p "$BUILT/generated-sources/uniffi" "$BUILT/native/linux-x86-64"
    # A copy: another build may replace the shared release library while this one runs.
    cp "$RELEASE_LIB" "$MOD/target/kotlin-build/libclerk_backend_uniffi.so"
    RELEASE_LIB="$MOD/target/kotlin-build/libclerk_backend_uniffi.so"
    cp -r "$KOTLIN_DIR/pom.xml" "$KOTLIN_DIR/src" "$MOD/target/kotlin-build/"
    "$CARGO_TARGET_DIR/debug/uniffi-bindgen" generate --language kotlin --out-dir "$BUILT/generated-sources/uniffi" --no-format "$RELEASE_LIB" >/dev/null
    strip --strip-debug -o "$BUILT/native/linux-x86-64/libclerk_backend_uniffi.so" "$RELEASE_LIB"
    (cd "$MOD/target/kotlin-build" && mvn -B -q -Dmaven.repo.local="$CARGO_TARGET_DIR/m2" -DskipTests package)
  fi
  section "Kotlin binding: snapshot of the built JAR"
  SNAP="$MOD/target/kotlin-snapshot"
  rm -rf "$SNAP" && mkdir -p "$SNAP/lib"
  JAR=$(ls "$BUILT"/clerk-backend-kotlin-*.jar 2>/dev/null) || die "no Kotlin JAR: run bindings/uniffi/scripts/build.sh (or scripts/bench-kotlin.sh) first, or OWN_BUILD=1, or KOTLIN=0"
  [ -f "$RELEASE_LIB" ] || die "no release library $RELEASE_LIB: run PROFILE=release bindings/uniffi/scripts/build.sh, or KOTLIN=0"
  [ -f "$KOTLIN_DIR/target/bench-classpath.txt" ] || die "no $KOTLIN_DIR/target/bench-classpath.txt: run scripts/bench-kotlin.sh once, or KOTLIN=0"
  cp "$JAR" "$SNAP/kotlin.jar"
  cp -r "$BUILT/test-classes" "$SNAP/test-classes"
  strip --strip-debug -o "$SNAP/lib/libclerk_backend_uniffi.so" "$RELEASE_LIB"
  # build.sh strips the library the same way: byte-identical means the JAR is the release build.
  unzip -q -o "$SNAP/kotlin.jar" linux-x86-64/libclerk_backend_uniffi.so -d "$SNAP/jar-lib"
  if cmp -s "$SNAP/jar-lib/linux-x86-64/libclerk_backend_uniffi.so" "$SNAP/lib/libclerk_backend_uniffi.so"; then
    PAIRING="the JAR holds this release library"
  else
    PAIRING="the JAR holds another build of the library (its Kotlin may not match the release one)"
  fi
  KOTLIN_STATE="JAR built $(date -u -r "$JAR" '+%H:%M UTC'), release library built $(date -u -r "$RELEASE_LIB" '+%H:%M UTC'), $PAIRING, HEAD $(git -C "$ROOT" rev-parse --short HEAD)$([ -z "$(git -C "$ROOT" status --porcelain -- bindings/uniffi core)" ] || echo ' with uncommitted changes under bindings/uniffi or core')"
  KOTLIN_CP="$SNAP/kotlin.jar:$(cat "$KOTLIN_DIR/target/bench-classpath.txt")"
  # users.create, which BenchKt does not measure: a Java caller of the binding (OursCreateBench).
  javac --release 17 -d "$SNAP/ours-classes" -cp "$MOD/target/classes:$KOTLIN_CP" "$MOD"/src/ours/java/com/clerk/bench/*.java
  KOTLIN_CMD=(java -Djna.nosys=true -Djna.library.path="$SNAP/lib" -cp "$SNAP/test-classes:$KOTLIN_CP" com.clerk.backend.bench.BenchKt)
  CREATE_CMD=(java -Djna.nosys=true -Djna.library.path="$SNAP/lib" -cp "$SNAP/ours-classes:$MOD/target/classes:$KOTLIN_CP" com.clerk.bench.OursCreateBench)
  ok "$KOTLIN_STATE"
fi

PORTFILE="$LOG_DIR/bench-java-official-mock.port"
mkdir -p "$LOG_DIR" && rm -f "$PORTFILE"
start_bg "bench mock" "$LOG_DIR/bench-java-official-mock.log" python3 "$ROOT/scripts/bench-python.py" serve "$PORTFILE"
wait_file "$PORTFILE" "$LAST_BG_PID" 30 "$LOG_DIR/bench-java-official-mock.log"
URL="http://127.0.0.1:$(cat "$PORTFILE")/v1"

openssl_verify_per_s() {
  openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $NF}'
}
section "Measuring"
echo "== openssl speed -seconds 3 rsa2048 (before)" >&2
O1="$(openssl_verify_per_s)"
echo "== official Java SDK" >&2
OFFICIAL=$(java -cp "$MOD/target/classes:$(cat "$MOD/target/classpath.txt")" com.clerk.bench.OfficialBench "$URL")
echo "$OFFICIAL" >&2
OURS='{}'
if [ ${#KOTLIN_CMD[@]} -gt 0 ]; then
  echo "== Kotlin binding (BenchKt)" >&2
  # A JAR whose Kotlin does not match the release library fails here (UniFFI's checks): the
  # official numbers are still reported, the Kotlin side says why it is missing.
  if OURS=$("${KOTLIN_CMD[@]}" "$URL") && echo "$OURS" >&2 &&
    echo "== Kotlin binding from Java: users.createBlocking (OursCreateBench)" >&2 &&
    CREATE=$("${CREATE_CMD[@]}" "$URL") && echo "$CREATE" >&2; then
    OURS=$(python3 -c 'import json, sys; print(json.dumps({**json.loads(sys.argv[1]), **json.loads(sys.argv[2])}))' "$OURS" "$CREATE")
  else
    fail "the Kotlin harness failed (a JAR built from other sources than the release library?)"
    OURS='{}'
    KOTLIN_STATE="not measured: the harness failed on the built JAR with the release library ($KOTLIN_STATE)"
  fi
fi
echo "== openssl speed -seconds 3 rsa2048 (after)" >&2
O2="$(openssl_verify_per_s)"

python3 - "$O1" "$O2" "$DOC" "${WRITE:-0}" "$(java -version 2>&1 | head -1)" "$OFFICIAL" "$OURS" "$KOTLIN_STATE" <<'PY'
import datetime, json, platform, sys
o1, o2, doc, write, jvm = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4] == "1", sys.argv[5]
official, ours, kotlin_state = json.loads(sys.argv[6]), json.loads(sys.argv[7]), sys.argv[8]
floor = 1e6 / max(o1, o2)  # the better openssl run: noise only slows it down
# official row -> the Kotlin harness's row measuring the same workload
pairs = {"VerifyToken.verifyToken (PEM)": "verifyTokenBlocking (PEM)",
         "JDK SHA256withRSA verify (reference)": "JDK SHA256withRSA verify (reference)",
         "users.list(limit=100)": "users.listBlocking(limit=100)",
         "users.get": "users.getBlocking",
         "users.create": "users.createBlocking"}
fmt = lambda v: f"{v:.0f}" if v >= 10 else f"{v:.1f}"
def cell(o, k):
    if k is None:
        return "—", "—"
    return fmt(k), f"{k / o:.2f}"
rows = ["| workload (official call / ours) | official process CPU µs | ours process CPU µs | ratio ours/official | official thread CPU µs | ours thread CPU µs | ratio | official wall µs | ours wall µs | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| OpenSSL RSA-2048 verify (`openssl speed`, best of 2: {o1:.0f} and {o2:.0f}/s) | {floor:.1f} | | | | | | | | |"]
for name, o in official.items():
    mine = ours.get(pairs.get(name, ""), None)
    label = f"`{name}` / `{pairs[name]}`" if mine is not None else f"`{name}` / not measured"
    cols = []
    for key in ("process_cpu_us", "thread_cpu_us", "wall_us"):
        k_txt, r_txt = cell(o[key], mine[key] if mine else None)
        cols += [fmt(o[key]), k_txt, r_txt]
    if "PEM" in name:
        cols[0] += f" ({o['process_cpu_us'] / floor:.1f}× OpenSSL)"
        if mine:
            cols[1] += f" ({mine['process_cpu_us'] / floor:.1f}×)"
    rows.append(f"| {label} | " + " | ".join(cols) + " |")
table = "\n".join(rows)
section = (f"<!-- java-official-bench:start -->\nMeasured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on "
           f"{platform.machine()}, {platform.system()} (shared 2-core machine, other builds running), {jvm}; "
           f"official: `com.clerk:backend-api` 5.0.0 (Java 17, its own HttpClient and Jackson); ours: the Kotlin "
           f"binding's bench harness `BenchKt` (`users.create`: `OursCreateBench`, the binding's blocking twin called from "
           f"Java), {kotlin_state}; all in one run of `scripts/bench-java-official.sh`, official "
           f"first, each in a fresh JVM, same mock (`scripts/bench-python.py serve`).\n\n{table}\n<!-- java-official-bench:end -->")
print(table)
if write and not ours and "KOTLIN=0" not in kotlin_state:
    sys.exit("the Kotlin side was not measured: docs/BENCHMARKS.md left as it was")
if write:
    text = open(doc, encoding="utf-8").read()
    if "<!-- java-official-bench:start -->" not in text:
        sys.exit("docs/BENCHMARKS.md has no java-official-bench markers: the table was printed only")
    head, rest = text.split("<!-- java-official-bench:start -->", 1)
    open(doc, "w", encoding="utf-8").write(head + section + rest.split("<!-- java-official-bench:end -->", 1)[1])
PY
# stop_bg's kills may fail on a server that already exited: not a benchmark failure.
set +e
stop_bg
trap - EXIT
exit 0
