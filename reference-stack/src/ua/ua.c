/* STUB: replaced by the UA core. Until then the stack links and its TU does
 * nothing (requests get no answer from the TU). */
#include <stdlib.h>

#include "stack_impl.h"

struct sip__ua {
	struct sip_stack *st;
};

struct sip__ua *sip__ua_new(struct sip_stack *st, const struct sip_ua_config *cfg)
{
	struct sip__ua *ua = calloc(1, sizeof(*ua));
	(void)cfg;
	if (ua)
		ua->st = st;
	return ua;
}

void sip__ua_free(struct sip__ua *ua)
{
	free(ua);
}

void sip__ua_request(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req,
                     const struct sip__dest *from, uint64_t now)
{
	(void)ua;
	(void)t;
	(void)req;
	(void)from;
	(void)now;
}

void sip__ua_response(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *resp, uint64_t now)
{
	(void)ua;
	(void)t;
	(void)resp;
	(void)now;
}

void sip__ua_txn_event(struct sip__ua *ua, struct sip_txn *t, enum sip_txn_tu what, uint64_t now)
{
	(void)ua;
	(void)t;
	(void)what;
	(void)now;
}
