#!/bin/sh
# Makes sure the Debian packages a make target needs are here: installs the missing ones
# when it can (root with apt), otherwise says what to install and fails. Never skips
# silently, so a test that needs a program cannot pass by not running.
#
# Usage: debian-packages.sh "what for" package:probe ...
#   probe: a command on PATH, or an absolute path (a glob is fine) the package installs.
set -eu
purpose=$1
shift
missing=""
for pair in "$@"; do
	package=${pair%%:*}
	probe=${pair#*:}
	case $probe in
	/*) found=$(ls -d $probe 2>/dev/null | head -n 1 || true) ;;
	*) found=$(command -v "$probe" 2>/dev/null || true) ;;
	esac
	# One package can provide several probes (poppler-utils: pdftotext and pdfinfo).
	[ -n "$found" ] || case " $missing " in *" $package "*) ;; *) missing="$missing $package" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing Debian's$missing $purpose…"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
	echo "careerguide needs Debian's$missing $purpose: run 'sudo apt-get install$missing'." >&2
	exit 1
fi
