/* libsipref under the benchmark: one sip_msg, reused for every parse, built
 * on a sip_counting_alloc so allocations once warm can be counted (and must
 * be zero: DESIGN.md "Numbers the project holds itself to"). */
#include "bench_ours.h"

#include "sipref/alloc.h"
#include "sipref/msg.h"

/* The message layer is written in parallel with this benchmark; weak
 * references let the bench build, and say what is missing, before all of it
 * has landed. bench/CMakeLists.txt names them with -Wl,-u so the archive
 * members are still pulled in when they exist. */
#pragma weak sip_msg_new
#pragma weak sip_msg_free
#pragma weak sip_msg_parse
#pragma weak sip_msg_parse_all
#pragma weak sip_hdr_decode
#pragma weak sip_msg_ruri

static struct sip_counting_alloc ca;
static struct sip_msg *msg;
static unsigned refs;

const char *bench_ours_missing(void)
{
	if (!sip_msg_new || !sip_msg_free || !sip_msg_parse)
		return "sip_msg_new/sip_msg_free/sip_msg_parse (msg.c)";
	if (!sip_msg_parse_all || !sip_hdr_decode || !sip_msg_ruri)
		return "sip_msg_parse_all/sip_hdr_decode/sip_msg_ruri (decode.c)";
	if (!msg)
		return "sip_msg_new failed";
	return "nothing";
}

static int ours_init(void)
{
	if (refs++)
		return msg ? 0 : -1;
	if (!sip_msg_new || !sip_msg_free || !sip_msg_parse || !sip_msg_parse_all ||
	    !sip_hdr_decode || !sip_msg_ruri)
		return -1;
	sip_counting_alloc_init(&ca, NULL);
	msg = sip_msg_new(&ca.base);
	return msg ? 0 : -1;
}

static void ours_fini(void)
{
	if (!refs || --refs)
		return;
	if (msg)
		sip_msg_free(msg);
	msg = NULL;
}

unsigned long bench_ours_allocs(void)
{
	return ca.nalloc;
}

static int ours_parse(const char *buf, size_t len)
{
	struct sip_perr err;

	if (sip_msg_parse(msg, buf, len, 0, &err) != 0)
		return -1;
	return sip_msg_parse_all(msg, &err) == 0 ? 0 : -1;
}

static int ours_parse_nosdp(const char *buf, size_t len)
{
	struct sip_perr err;

	if (sip_msg_parse(msg, buf, len, 0, &err) != 0)
		return -1;
	for (size_t i = 0; i < msg->nhdrs; i++)
		if (sip_hdr_decode(msg, &msg->hdrs[i], &err) != 0)
			return -1;
	if (msg->is_request && !sip_msg_ruri(msg))
		return -1;
	return 0;
}

const struct bench_parser bench_ours = {
        .name = "sipref",
        .covers = "sip_msg_parse + sip_msg_parse_all: every header typed, Request-URI, SDP body,"
                  " message-level checks",
        .init = ours_init,
        .parse = ours_parse,
        .fini = ours_fini,
        .ours = 1,
};

const struct bench_parser bench_ours_nosdp = {
        .name = "sipref-noSDP",
        .covers = "sip_msg_parse + sip_hdr_decode of every header + sip_msg_ruri (no body)",
        .init = ours_init,
        .parse = ours_parse_nosdp,
        .fini = ours_fini,
        .ours = 1,
        .nosdp = 1,
};
