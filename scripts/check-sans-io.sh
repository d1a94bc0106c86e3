#!/usr/bin/env bash
# The stack core is sans-I/O (DESIGN.md; STYLE.md rule 1): nothing under
# reference-stack/src may include a socket, thread, poll or time header, or call
# the clock, sleep or socket functions. I/O lives in reference-stack/server/
# and harness/. String literals and comments are blanked before matching so
# that text such as "invalid SDP time (...)" is not taken for a call.
set -u
cd "$(dirname "$0")/.."
include='^[[:space:]]*#[[:space:]]*include[[:space:]]*<(sys/socket|netinet/[a-z_]+|arpa/inet|netdb|sys/epoll|sys/select|poll|pthread|threads|unistd|time|sys/time|signal)\.h>'
call='(^|[^A-Za-z0-9_.>])(clock_gettime|gettimeofday|time|sleep|usleep|nanosleep|socket|bind|connect|recvfrom|sendto|recv|send|select|poll|epoll_wait|getrandom|pthread_[a-z_]+)[[:space:]]*\('
hits=$(find reference-stack/src -name '*.[ch]' -print0 | xargs -0 awk -v inc="$include" -v call="$call" '
  FNR == 1 { incomment = 0 }
  {
    line = $0
    if (line ~ inc) { print FILENAME ":" FNR ": " $0; next }
    # blank comments (also across lines) and string/char literals
    out = ""
    while (length(line) > 0) {
      if (incomment) {
        i = index(line, "*/"); if (i == 0) { line = ""; break }
        line = substr(line, i + 2); incomment = 0; continue
      }
      c = substr(line, 1, 1); two = substr(line, 1, 2)
      if (two == "/*") { incomment = 1; line = substr(line, 3); continue }
      if (two == "//") break
      if (c == "\"" || c == "\047") {
        q = c; j = 2
        while (j <= length(line) && substr(line, j, 1) != q) { if (substr(line, j, 1) == "\\") j++; j++ }
        out = out q q; line = substr(line, j + 1); continue
      }
      out = out c; line = substr(line, 2)
    }
    if (out ~ call) print FILENAME ":" FNR ": " $0
  }')
if [ -n "$hits" ]; then
  echo "sans-I/O check: I/O, threads or clock in the stack core:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "sans-I/O check: reference-stack/src is free of sockets, threads and clocks"
