#!/bin/sh
# `make run` (Makefile): the whole conformance suite against the embedded
# reference stack (in process, virtual clock), writing the reports.
#
# usage: scripts/run-main.sh BUILDDIR [extra sipvet run options]
#
# Builds nothing (make already did). The reports land in BUILDDIR/report/:
# index.html (open it in a browser), junit.xml and results.json.
set -u
BUILD=${1:-build}
[ $# -gt 0 ] && shift
SRC=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD=$SRC/$BUILD ;; esac
SIPVET=$BUILD/bin/sipvet
OUT=$BUILD/report

if [ ! -x "$SIPVET" ]; then
	echo "sipvet: $SIPVET not found; run 'make build' first" >&2
	exit 2
fi
"$SIPVET" run --target reference --out "$OUT" "$@" "$SRC/cases"
rc=$?
echo
echo "sipvet: report: $OUT/index.html (also junit.xml, results.json)"
exit $rc
