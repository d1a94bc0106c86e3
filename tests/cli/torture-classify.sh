#!/bin/sh
# The message layer's verdict on every torture message (RFC 4475, RFC 5118),
# through the CLI (`sipvet parse`, datagram mode, strict), compared with
# corpus/torture/expected.tsv.
#
# usage: torture-classify.sh SIPVET SRCDIR [-v]
#   -v  also print sipvet's line for every file
#
# expected.tsv columns (tab-separated; '#' lines and a "path" header are
# skipped; an empty field or "-" means "not checked"):
#   path  section  verdict(valid|invalid)  status  reason-substring  check  note
# `path` is relative to SRCDIR or to corpus/torture/. `check` is the
# sip_msg_check outcome for a valid message: ok, or the status it asks for
# (400; 0 = drop). Every corpus file must have a row.
#
# Exit: 0 all as expected, 1 a mismatch, 77 (CTest: skipped) when there is
# nothing to compare yet (no expected.tsv, or the message layer is missing).
# TORTURE_TSV=FILE compares with another table (to test this script).
set -u

SIPVET=${1:?usage: torture-classify.sh SIPVET SRCDIR [-v]}
SRC=${2:?usage: torture-classify.sh SIPVET SRCDIR [-v]}
VERBOSE=${3:-}
TSV=${TORTURE_TSV:-$SRC/corpus/torture/expected.tsv}
TAB=$(printf '\t')
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$SIPVET" ]; then
	echo "torture-classify: $SIPVET is not an executable" >&2
	exit 2
fi
have_tsv=1
if [ ! -f "$TSV" ]; then
	# Nothing to compare with: still classify every file (and say so).
	echo "torture-classify: $TSV does not exist yet: verdicts are not compared"
	have_tsv=0
	for f in "$SRC"/corpus/torture/rfc4475/*.dat "$SRC"/corpus/torture/rfc5118/*; do
		case $f in */EXPECTED.md) ;; *) printf '%s\t-\t-\t-\t-\t-\t-\n' "${f#"$SRC"/}" ;; esac
	done >"$TMP/tsv"
	TSV=$TMP/tsv
fi

# Normalise the table: no CR, no comments/header, empty fields as "-".
tr -d '\r' <"$TSV" | awk -F'\t' -v OFS='\t' '
	/^#/ || /^[ \t]*$/ { next }
	$1 == "path" { next }
	{ for (i = 1; i <= 7; i++) if ($i == "") $i = "-"; print $1, $2, $3, $4, $5, $6, $7 }
' >"$TMP/rows"

resolve() {
	if [ -f "$SRC/$1" ]; then
		echo "$SRC/$1"
	elif [ -f "$SRC/corpus/torture/$1" ]; then
		echo "$SRC/corpus/torture/$1"
	else
		echo ""
	fi
}

total=0 nvalid=0 ninvalid=0 bad=0
: >"$TMP/seen"
while IFS="$TAB" read -r path section verdict status reason check note; do
	total=$((total + 1))
	label=$path
	[ "$section" = "-" ] || label="$path ($section)"
	file=$(resolve "$path")
	if [ -z "$file" ]; then
		echo "MISMATCH $label: listed in expected.tsv but no such file"
		bad=$((bad + 1))
		continue
	fi
	echo "$(cd "$(dirname "$file")" && pwd -P)/$(basename "$file")" >>"$TMP/seen"
	"$SIPVET" parse "$file" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	if [ $rc -eq 2 ] && grep -q "not implemented" "$TMP/err"; then
		echo "torture-classify: SKIP: $(cat "$TMP/err")"
		exit 77
	fi
	line=$(head -n 1 "$TMP/out")
	got=${line#"$file: "}
	[ -n "$VERBOSE" ] && echo "$label: $got" && sed -n '2,$p' "$TMP/out"
	why=""
	case $got in
	valid*) gv=valid nvalid=$((nvalid + 1)) ;;
	invalid*) gv=invalid ninvalid=$((ninvalid + 1)) ;;
	*) gv=error why="sipvet exit $rc: $(cat "$TMP/err")" ;;
	esac
	if [ "$gv" != error ] && [ "$verdict" != "-" ] && [ "$gv" != "$verdict" ]; then
		why="expected $verdict"
	fi
	if [ -z "$why" ] && [ "$gv" = invalid ]; then
		gs=$(echo "$got" | sed -n 's/.*(status \([0-9]*\))$/\1/p')
		if [ "$status" != "-" ] && [ "$gs" != "$status" ]; then
			why="expected status $status"
		elif [ "$reason" != "-" ] && ! echo "$got" | grep -qF -- "$reason"; then
			why="expected the reason to contain \"$reason\""
		fi
	fi
	if [ -z "$why" ] && [ "$gv" = valid ] && [ "$check" != "-" ]; then
		note=$(sed -n 's/^  note: //p' "$TMP/out")
		case $check in
		ok) [ -z "$note" ] || why="expected sip_msg_check ok, got note: $note" ;;
		0) echo "$note" | grep -q "drops" || why="expected sip_msg_check to drop it" ;;
		*) echo "$note" | grep -q "answers $check:" ||
			why="expected sip_msg_check to answer $check${note:+, got: $note}" ;;
		esac
	fi
	if [ -n "$why" ]; then
		echo "MISMATCH $label: $why; sipvet said: $got"
		bad=$((bad + 1))
	fi
done <"$TMP/rows"

# Every corpus file needs a row.
for f in "$SRC"/corpus/torture/rfc4475/*.dat "$SRC"/corpus/torture/rfc5118/*; do
	case $f in */EXPECTED.md) continue ;; esac
	[ -f "$f" ] || continue
	abs=$(cd "$(dirname "$f")" && pwd -P)/$(basename "$f")
	if ! grep -qxF -- "$abs" "$TMP/seen"; then
		echo "MISMATCH ${f#"$SRC"/}: no row in expected.tsv"
		bad=$((bad + 1))
	fi
done

echo "torture-classify: $total rows: $nvalid valid, $ninvalid invalid; $bad mismatch(es)"
[ $have_tsv -eq 1 ] || exit 77
[ $bad -eq 0 ]
