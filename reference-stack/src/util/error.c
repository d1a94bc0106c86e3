#include "sipref/error.h"
#include "sipref/lenient.h"

const char *sip_strerror(int code)
{
	switch (code) {
#define SIP__E(name, val, msg) \
	case val:              \
		return msg;
		SIP_ERRORS(SIP__E)
#undef SIP__E
	}
	return "unknown error";
}

const char *sip_errname(int code)
{
	switch (code) {
#define SIP__E(name, val, msg) \
	case val:              \
		return #name;
		SIP_ERRORS(SIP__E)
#undef SIP__E
	}
	return "unknown error";
}

const char *sip_lenient_name(unsigned flag)
{
	switch (flag) {
#define SIP__L(name, bit, text) \
	case 1u << (bit):       \
		return text;
		SIP_LENIENCIES(SIP__L)
#undef SIP__L
	}
	return 0;
}
