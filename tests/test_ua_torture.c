/* RFC 4475 3.3 (application layer) through the whole endpoint: each torture
 * message is sent to the UA over UDP (sip_stack_recv) and the final response
 * the stack transmits must carry the status rfc4475/EXPECTED.md names for an
 * endpoint. A few 3.1.1 messages whose method a UA does not know are in the
 * table too (esc02, intmeth: 501). */
#include "ua_harness.h"

struct row {
	const char *file;
	const char *section;
	unsigned status;  /* final response expected; 0: none (dropped) */
	const char *must; /* a header line the response must carry, or NULL */
	const char *note;
};

static const struct row rows[] = {
        {"insuf", "3.3.1", 400, NULL, "missing Call-ID, From, To"},
        {"unkscm", "3.3.2", 416, NULL, "opaque Request-URI scheme"},
        {"novelsc", "3.3.3", 416, NULL, "soap.beep Request-URI"},
        /* An endpoint is not a registrar: REGISTER is known and not
         * implemented, so 405 (with Allow) comes before any check a
         * registrar would make (3.3.4's 400, 3.3.7's 401, 3.3.12-14's
         * bindings). */
        {"unksm2", "3.3.4", 405, "Allow: ", "REGISTER: an endpoint is not a registrar"},
        {"bext01", "3.3.5", 420, "Unsupported: nothingSupportsThis", "unknown Require"},
        {"invut", "3.3.6", 415, "Accept: application/sdp", "unknown Content-Type"},
        {"regaut01", "3.3.7", 405, "Allow: ", "REGISTER: an endpoint is not a registrar"},
        {"multi01", "3.3.8", 400, NULL, "several To/From/Call-ID/CSeq"},
        {"mcl01", "3.3.9", 400, NULL, "conflicting Content-Length over UDP"},
        {"bcast", "3.3.10", 0, NULL, "a response to nothing: discarded"},
        {"zeromf", "3.3.11", 200, "Allow: ", "Max-Forwards 0: an endpoint processes it"},
        {"cparam01", "3.3.12", 405, "Allow: ", "REGISTER: an endpoint is not a registrar"},
        {"cparam02", "3.3.13", 405, "Allow: ", "REGISTER: an endpoint is not a registrar"},
        {"regescrt", "3.3.14", 405, "Allow: ", "REGISTER: an endpoint is not a registrar"},
        {"sdp01", "3.3.15", 406, "Warning: 399 ", "Accept without application/sdp"},
        {"esc02", "3.1.1.5", 501, NULL, "unknown method RE%47IST%45R"},
        {"intmeth", "3.1.1.2", 501, NULL, "unknown method"},
};

static void test_torture(void)
{
	size_t i, j;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		char rel[128];
		size_t len;
		char *buf;
		unsigned got = 0;
		long at = -1;
		snprintf(rel, sizeof(rel), "corpus/torture/rfc4475/%s.dat", r->file);
		buf = tu_read_file(tu_src_path(rel), &len);
		CU_ASSERT_FATAL(buf != NULL);
		h_start(NULL);
		h_send_raw(buf, len);
		/* The transactions' retransmissions and timers run out too:
		 * nothing else may be sent, nothing may crash. */
		h_run_to(64000);
		for (j = 0; j < H.nout; j++) {
			struct sip_msg *m = h_msg(j);
			if (!m->is_request && m->status >= 200) {
				got = m->status;
				at = (long)j;
				break;
			}
		}
		if (got != r->status) {
			fprintf(stderr, "%s (RFC 4475 %s): got %u, want %u (%s)\n", r->file,
			        r->section, got, r->status, r->note);
			h_dump();
		}
		CU_ASSERT_EQUAL(got, r->status);
		if (r->must && at >= 0) {
			if (!h_has((size_t)at, r->must))
				fprintf(stderr, "%s: response lacks \"%s\"\n", r->file, r->must);
			CU_ASSERT(h_has((size_t)at, r->must));
		}
		/* No provisional or second final response to a rejected one. */
		if (r->status && r->status != 200)
			CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
		h_stop();
		free(buf);
	}
}

int main(void)
{
	tu_suite("ua torture", (CU_TestInfo[]){{"rfc4475 3.3", test_torture}, CU_TEST_INFO_NULL});
	return tu_run();
}
