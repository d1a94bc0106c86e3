/* sipref: named leniencies.
 *
 * The parser is strict by default. Each leniency below accepts one specific
 * departure from the RFC 3261 grammar that deployed software is known to
 * send. They are off unless the caller passes them; when one is used to
 * accept a message, the message records it (sip_msg.lenient_used) so the
 * suite can report it. */
#ifndef SIPREF_LENIENT_H
#define SIPREF_LENIENT_H

#define SIP_LENIENCIES(X)                                                               \
	/* RFC 5118 4.10: the RFC 3261 ABNF bug admits "2001:db8:::192.0.2.1" */        \
	X(SIP_LENIENT_IPV6_3COLON, 0, "ipv6-3colon")                                    \
	/* RFC 4475 3.1.2.15 baddn: unquoted display name with non-token characters */  \
	X(SIP_LENIENT_UNQUOTED_DN, 1, "unquoted-display-name")                          \
	/* RFC 4475 3.1.2.6 quotbal: infer the missing closing quote */                 \
	X(SIP_LENIENT_UNBALANCED_QUOTE, 2, "unbalanced-quote")                          \
	/* RFC 4475 3.1.2.7 ltgtruri: strip <> around the Request-URI */                \
	X(SIP_LENIENT_RURI_LTGT, 3, "ruri-angle-brackets")                              \
	/* RFC 4475 3.1.2.9/3.1.2.10: extra or trailing spaces in the request line */   \
	X(SIP_LENIENT_START_LINE_WS, 4, "start-line-whitespace")                        \
	/* RFC 4475 3.1.2.13 regbadct: Contact with ';'/',' outside <>, infer the <> */ \
	X(SIP_LENIENT_CONTACT_NO_LTGT, 5, "contact-missing-angle-brackets")             \
	/* RFC 4475 3.1.2.12 baddate: Date in a zone other than GMT */                  \
	X(SIP_LENIENT_DATE_ZONE, 6, "date-non-gmt")                                     \
	/* RFC 4475 3.1.2.14 badaspec: whitespace around the URI inside <> */           \
	X(SIP_LENIENT_ADDR_SPEC_WS, 7, "addr-spec-whitespace")                          \
	/* RFC 4475 3.1.2.11 escruri: ignore header components of a Request-URI */      \
	X(SIP_LENIENT_RURI_HEADERS, 8, "ruri-headers")

enum sip_lenient {
#define SIP__L(name, bit, text) name = 1u << (bit),
	SIP_LENIENCIES(SIP__L)
#undef SIP__L
};

#define SIP_LENIENT_ALL 0x1ffu

/* The leniency's short name ("ipv6-3colon"), or NULL for an unknown bit. */
const char *sip_lenient_name(unsigned flag);

#endif
