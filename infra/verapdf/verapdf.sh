#!/usr/bin/env bash
# veraPDF, the PDF Association's PDF/A validator, built from the Maven Central artifacts in pom.xml.
#
#   verapdf.sh [veraPDF options] FILE...   fetch the jars if needed, then validate (veraPDF's own options)
#
# The jars live in var/verapdf/libs/ and are fetched once per pom.xml.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
libs="$root/var/verapdf/libs"

die() {
  echo "verapdf: $*" >&2
  exit 1
}

command -v java >/dev/null 2>&1 ||
  die "Java 11 or newer is required to check PDF/A with veraPDF, and 'java' is not on PATH."

stamp="$libs/.pom.sha256"
want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  command -v mvn >/dev/null 2>&1 ||
    die "Maven 3.8+ is required once, to fetch the veraPDF jars, and 'mvn' is not on PATH."
  echo "verapdf: fetching veraPDF jars with Maven into ${libs#"$root"/} ..." >&2
  rm -rf "$libs"
  mkdir -p "$root/var/verapdf"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" \
    >"$root/var/verapdf/maven.log" 2>&1 ||
    die "Maven could not fetch the veraPDF jars; see var/verapdf/maven.log"
  echo "$want" >"$stamp"
fi

exec java -Xss4m -Dfile.encoding=UTF-8 -cp "$libs/*" org.verapdf.apps.GreenfieldCliWrapper "$@"
