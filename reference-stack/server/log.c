/* sipref server: log lines on stderr with a monotonic timestamp. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "sipref/stack.h"

static enum srv_log_level log_max = SRV_LOG_INFO;
static uint64_t log_t0;

uint64_t srv_now_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid clock id; a zero reading
	 * would only make timers fire early, never hang. */
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void srv_log_init(enum srv_log_level max)
{
	log_max = max;
	log_t0 = srv_now_ms();
}

int srv_log_enabled(enum srv_log_level lv)
{
	return lv <= log_max;
}

static const char *level_name(enum srv_log_level lv)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};

	return (unsigned)lv < 4 ? names[lv] : "?";
}

/* One line; control characters of the text (stack lines may quote what
 * arrived from the network) are shown as '?' so no input can forge lines. */
static void emit(enum srv_log_level lv, const char *prefix, const char *text)
{
	char line[1024];
	size_t n = 0;
	uint64_t t = srv_now_ms() - log_t0;

	for (const char *p = text; *p && n < sizeof(line) - 1; p++)
		line[n++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
	line[n] = '\0';
	fprintf(stderr, "[%llu.%03u] %s: %s%s\n", (unsigned long long)(t / 1000),
	        (unsigned)(t % 1000), level_name(lv), prefix, line);
}

void srv_log(enum srv_log_level lv, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	if (!srv_log_enabled(lv))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	emit(lv, "", text);
}

void srv_log_drain_stack(struct sip_stack *st)
{
	const char *line;
	int level;

	while (sip_stack_poll_log(st, &level, &line) == 1) {
		enum srv_log_level lv = level <= 0   ? SRV_LOG_ERROR
		                        : level >= 3 ? SRV_LOG_DEBUG
		                                     : (enum srv_log_level)level;

		if (srv_log_enabled(lv))
			emit(lv, "stack: ", line ? line : "");
	}
}
