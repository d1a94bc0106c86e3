/* sipref server: the log (stderr) and the monotonic clock.
 *
 * Every line carries the seconds since start on CLOCK_MONOTONIC and a level:
 *   [12.345] info: listening on udp:127.0.0.1:5060
 * The stack's own log lines (sip_stack_poll_log) are written the same way
 * with a "stack: " prefix. */
#ifndef SIPREF_SERVER_LOG_H
#define SIPREF_SERVER_LOG_H

#include <stdint.h>

#include "opts.h"

/* Milliseconds on CLOCK_MONOTONIC: the `now` the stack is given. */
uint64_t srv_now_ms(void);

void srv_log_init(enum srv_log_level max);
int srv_log_enabled(enum srv_log_level lv);
void srv_log(enum srv_log_level lv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct sip_stack;
/* Writes out (at their levels) the log lines the stack has queued. */
void srv_log_drain_stack(struct sip_stack *st);

#endif
