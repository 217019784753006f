#!/usr/bin/env bash
# Builds the JAR (scripts/build.sh; SKIP_BUILD=1 to reuse it), then runs the JUnit tests under
# Surefire against the packaged JAR and its native library, and a Java caller compiled with javac.
# Prism: CLERK_CONTRACT_URL / CLERK_CONTRACT_URL_2024 from the caller (scripts/test.sh), else
# started here. CLERK_AUTH_VECTORS / CLERK_WEBHOOK_VECTORS override the shared vector files.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$HERE/../../scripts/lib/common.sh"
export CLERK_MAVEN_REPO=${CLERK_MAVEN_REPO:-$CARGO_TARGET_DIR/m2}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  "$HERE/scripts/build.sh"
fi
KOTLIN=$HERE/kotlin
JAR=$(ls "$KOTLIN"/target/clerk-backend-kotlin-*.jar)

install_cleanup_trap
if [ -z "${CLERK_CONTRACT_URL:-}" ]; then
  source "$REPO_ROOT/scripts/prism.sh"
  prism_install && prism_start_contract_mocks || die "could not start Prism for the contract test"
fi
# The tests give every option explicitly: nothing may come from the caller's environment.
unset CLERK_SECRET_KEY CLERK_API_URL CLERK_API_VERSION CLERK_PUBLISHABLE_KEY CLERK_JWT_KEY \
  CLERK_MACHINE_SECRET_KEY CLERK_WEBHOOK_SIGNING_SECRET

section "Kotlin: JUnit (Surefire) against $(basename "$JAR")"
(cd "$KOTLIN" && mvn -B -Dmaven.repo.local="$CLERK_MAVEN_REPO" surefire:test "$@")
ok "Surefire"

section "Kotlin: a Java caller compiled with javac against the JAR"
OUT=$KOTLIN/target/java-caller
rm -rf "$OUT" && mkdir -p "$OUT"
(cd "$KOTLIN" && mvn -B -q -Dmaven.repo.local="$CLERK_MAVEN_REPO" dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT/classpath.txt")
CP=$(cat "$OUT/classpath.txt")
javac -d "$OUT" -cp "$JAR:$CP" "$HERE/kotlin/java-caller/JavaCaller.java"
java -Djna.nosys=true -cp "$OUT:$JAR:$CP" JavaCaller
ok "Java caller"
# stop_bg's kills may fail on servers that already exited: not a test failure.
set +e
stop_bg
trap - EXIT
exit 0
