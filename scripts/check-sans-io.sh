#!/usr/bin/env bash
# The stack core is sans-I/O (DESIGN.md; STYLE.md rule 1): nothing under
# reference-stack/src may include a socket, thread, poll or time header, or call
# the clock. I/O lives in reference-stack/server/ and harness/.
set -u
cd "$(dirname "$0")/.."
pattern='#[[:space:]]*include[[:space:]]*<(sys/socket|netinet/[a-z_]+|arpa/inet|netdb|sys/epoll|sys/select|poll|pthread|threads|unistd|time|sys/time|signal)\.h>|\b(clock_gettime|gettimeofday|time|sleep|usleep|nanosleep|socket|recvfrom|sendto|pthread_[a-z_]+)[[:space:]]*\('
hits=$(grep -rnE "$pattern" reference-stack/src || true)
if [ -n "$hits" ]; then
  echo "sans-I/O check: I/O, threads or clock in the stack core:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "sans-I/O check: reference-stack/src is free of sockets, threads and clocks"
