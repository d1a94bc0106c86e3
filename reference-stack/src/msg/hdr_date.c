/* Date (RFC 3261 20.17): SIP-date = rfc1123-date, restricted to GMT.
 *
 * rfc1123-date = wkday "," SP date1 SP time SP "GMT"
 * date1 = 2DIGIT SP month SP 4DIGIT
 * time  = 2DIGIT ":" 2DIGIT ":" 2DIGIT ; 00:00:00 - 23:59:59
 *
 * The grammar has one fixed shape, so the parser is a table of positions.
 * Names compare case-insensitively (RFC 2234 2.3: ABNF strings are). A
 * weekday that disagrees with the date is kept as written, not rejected:
 * the grammar does not tie the two together. */
#include "hdr_impl.h"

static const char wkdays[] = "SunMonTueWedThuFriSat";
static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* Index of the 3-letter name at p in `names` (n of them), or -1. */
static int name3(const char *p, const char *names, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		const char *s = names + 3 * i;
		if (sip__lower((unsigned char)p[0]) == sip__lower((unsigned char)s[0]) &&
		    sip__lower((unsigned char)p[1]) == sip__lower((unsigned char)s[1]) &&
		    sip__lower((unsigned char)p[2]) == sip__lower((unsigned char)s[2]))
			return i;
	}
	return -1;
}

/* n DIGITs at p, or -1. */
static int digits(const char *p, int n)
{
	int v = 0, i;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* RFC 822 5.1 zones, accepted only under SIP_LENIENT_DATE_ZONE (RFC 4475
 * 3.1.2.12 baddate). Offset in minutes east of GMT; 1 when known. */
static int zone_offset(const char *p, const char *end, int *off)
{
	static const struct {
		const char *name;
		int hours;
	} z[] = {{"UT", 0},   {"GMT", 0},  {"EST", -5}, {"EDT", -4}, {"CST", -6},
	         {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
	size_t i, n = (size_t)(end - p);
	if (n == 5 && (p[0] == '+' || p[0] == '-')) {
		int hh = digits(p + 1, 2), mm = digits(p + 3, 2);
		if (hh < 0 || mm < 0 || mm > 59)
			return 0;
		*off = (p[0] == '-' ? -1 : 1) * (hh * 60 + mm);
		return 1;
	}
	for (i = 0; i < sizeof(z) / sizeof(z[0]); i++) {
		if (sip_str_caseeq_c(sip_str_make(p, n), z[i].name)) {
			*off = z[i].hours * 60;
			return 1;
		}
	}
	return 0;
}

int sip__hdr_parse_date(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	/* "Fri, 01 Jan 2010 16:00:00 " is 26 octets; the zone follows. */
	const char *z = p + 26;
	struct sip_date *x;
	int off = 0, dim;
	(void)id;
	out->any = NULL;
	if (end - p < 29)
		return sip__fail(c, p, "Date: too short for rfc1123-date", 400);
	x = sip__zalloc(c->ar, sizeof(*x));
	if (!x)
		return sip__nomem(c, p);
	x->wkday = name3(p, wkdays, 7);
	if (x->wkday < 0 || p[3] != ',' || p[4] != ' ')
		return sip__fail(c, p, "Date: expected wkday \",\" SP", 400);
	x->day = digits(p + 5, 2);
	if (x->day < 0 || p[7] != ' ')
		return sip__fail(c, p + 5, "Date: expected 2DIGIT day", 400);
	x->month = name3(p + 8, months, 12) + 1;
	if (x->month == 0 || p[11] != ' ')
		return sip__fail(c, p + 8, "Date: expected month", 400);
	x->year = digits(p + 12, 4);
	if (x->year < 0 || p[16] != ' ')
		return sip__fail(c, p + 12, "Date: expected 4DIGIT year", 400);
	x->hour = digits(p + 17, 2);
	x->min = digits(p + 20, 2);
	x->sec = digits(p + 23, 2);
	if (x->hour < 0 || x->min < 0 || x->sec < 0 || p[19] != ':' || p[22] != ':' || p[25] != ' ')
		return sip__fail(c, p + 17, "Date: expected time 2DIGIT:2DIGIT:2DIGIT", 400);
	if (x->hour > 23 || x->min > 59 || x->sec > 59)
		return sip__fail(c, p + 17, "Date: time out of range", 400);
	dim = mdays[x->month - 1] + (x->month == 2 && leap(x->year));
	if (x->day < 1 || x->day > dim)
		return sip__fail(c, p + 5, "Date: day out of range", 400);
	/* RFC 3261 20.17: "GMT" only; other zones are RFC 4475 3.1.2.12. */
	if (!(end - z == 3 && SIP__CASEEQ_LIT(sip_str_make(z, 3), "GMT"))) {
		if (!zone_offset(z, end, &off))
			return sip__fail(c, z, "Date: expected \"GMT\"", 400);
		if (!sip__lenient(c, SIP_LENIENT_DATE_ZONE))
			return sip__fail(c, z, "Date: time zone must be GMT", 400);
	}
	x->raw = sip_str_make(p, (size_t)(end - p));
	x->epoch = days_from_civil(x->year, x->month, x->day) * 86400 + x->hour * 3600 +
	           x->min * 60 + x->sec - (int64_t)off * 60;
	out->date = x;
	return 0;
}

/* Printed as written: strict parsing admits exactly one spelling per date
 * (up to letter case), and a zone accepted leniently is kept visible. */
void sip__hdr_print_date(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)id;
	sip_buf_putstr(b, v.date->raw);
}

int sip__hdr_same_date(union sip_hval a, union sip_hval b)
{
	const struct sip_date *x = a.date, *y = b.date;
	return sip_str_caseeq(x->raw, y->raw) && x->wkday == y->wkday && x->day == y->day &&
	       x->month == y->month && x->year == y->year && x->hour == y->hour &&
	       x->min == y->min && x->sec == y->sec && x->epoch == y->epoch;
}
