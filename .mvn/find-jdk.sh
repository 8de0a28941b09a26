#!/bin/sh
# Prints the home of a JDK whose major version is at least $1 (default 25), or exits 1 when there is none.
# Looks at JAVA_HOME, the default java, then the usual install folders. Used by ./mvnw (Maven itself runs on
# the JDK 25: an older JDK's jar tool cannot read Java 25 module descriptors) and by ./kernkit.
required=${1:-25}

major() { # the major version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

try() {
  [ -d "$1" ] || return 1
  m=$(major "$1")
  [ -n "$m" ] && [ "$m" -ge "$required" ] && { echo "$1"; exit 0; }
  return 1
}

[ -n "${JAVA_HOME:-}" ] && try "$JAVA_HOME"
if command -v java >/dev/null 2>&1; then
  try "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
for c in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
  try "$c"
done
exit 1
