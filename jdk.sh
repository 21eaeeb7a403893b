# Sourced by ./ebpc, ./run-tests, .ci/run and jmh/run: finds a JDK as new as the one the
# classes are built for (release 25) and exports JAVA_HOME. JAVA_HOME wins when it is new enough, else the
# newest JDK under /usr/lib/jvm (EBPC_JVM_DIR overrides that folder, for tests). Without one:
# a clear line and exit 2.
EBPC_MIN_JDK=25

ebpc_jdk_major() {  # prints the major version of the JDK at $1, or nothing
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    # The JDK's `release` file says it without starting a JVM (each start costs ~50 ms).
    local v
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
    if [ -z "$v" ]; then
        v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
    fi
    echo "$v"
}

ebpc_find_jdk() {
    local best="" best_major=0 dir major
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(ebpc_jdk_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge "$EBPC_MIN_JDK" ]; then
            echo "$JAVA_HOME"
            return 0
        fi
    fi
    for dir in "${EBPC_JVM_DIR:-/usr/lib/jvm}"/*/; do
        dir=${dir%/}
        [ -L "$dir" ] && continue
        major=$(ebpc_jdk_major "$dir")
        if [ -n "$major" ] && [ "$major" -ge "$EBPC_MIN_JDK" ] && [ "$major" -gt "$best_major" ]; then
            best=$dir
            best_major=$major
        fi
    done
    [ -n "$best" ] && echo "$best"
}

EBPC_JDK=$(ebpc_find_jdk || true)
if [ -z "$EBPC_JDK" ]; then
    echo "ebpc: needs a JDK $EBPC_MIN_JDK or newer (the classes are built for Java $EBPC_MIN_JDK): set JAVA_HOME to one or install one under /usr/lib/jvm" >&2
    exit 2
fi
export JAVA_HOME=$EBPC_JDK
# Maven's own libraries use sun.misc.Unsafe; keep newer JDKs from warning about it.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
