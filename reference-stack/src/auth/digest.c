/* Digest authentication (RFC 3261 22.4, RFC 2617 3.2.2) over OpenSSL's EVP
 * MD5. */
#include <openssl/evp.h>
#include <string.h>

#include "digest.h"
#include "sipref/error.h"

/* RFC 2617 3.2.1: quoted-string values are hashed without their quotes and
 * with quoted-pairs undone. */
static int update(EVP_MD_CTX *c, struct sip_str s)
{
	size_t i, start = 0;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] != '\\' || i + 1 == s.len)
			continue;
		if (i > start && !EVP_DigestUpdate(c, s.p + start, i - start))
			return 0;
		start = ++i; /* keep the escaped octet */
	}
	return s.len <= start || EVP_DigestUpdate(c, s.p + start, s.len - start);
}

static void hex(const unsigned char *d, char out[33])
{
	static const char digits[] = "0123456789abcdef";
	int i;
	for (i = 0; i < 16; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[32] = 0;
}

/* H(parts[0] ":" parts[1] ":" ...) as hex. */
static int hash(EVP_MD_CTX *c, const struct sip_str *parts, size_t n, char out[33])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dl = 0;
	size_t i;
	if (!EVP_DigestInit_ex(c, EVP_md5(), NULL))
		return SIP_ENOMEM;
	for (i = 0; i < n; i++)
		if ((i && !EVP_DigestUpdate(c, ":", 1)) || !update(c, parts[i]))
			return SIP_ENOMEM;
	if (!EVP_DigestFinal_ex(c, d, &dl) || dl != 16)
		return SIP_ENOMEM;
	hex(d, out);
	return 0;
}

static int is_md5(struct sip_str alg, int *sess)
{
	*sess = 0;
	if (!alg.len || sip_str_caseeq_c(alg, "MD5"))
		return 1;
	if (sip_str_caseeq_c(alg, "MD5-sess")) {
		*sess = 1;
		return 1;
	}
	return 0;
}

int sip__digest_response(const struct sip__digest_in *in, char out[33])
{
	char ha1[33], ha2[33];
	struct sip_str p[6];
	EVP_MD_CTX *c;
	int sess, rc;
	if (!is_md5(in->algorithm, &sess))
		return SIP_EUNSUPP;
	/* qop=auth-int would hash the body; only auth is offered (22.4). */
	if (in->qop.len && !sip_str_caseeq_c(in->qop, "auth"))
		return SIP_EUNSUPP;
	c = EVP_MD_CTX_new();
	if (!c)
		return SIP_ENOMEM;
	/* 3.2.2.2: A1 = user ":" realm ":" password, and for MD5-sess
	 * H(A1) ":" nonce ":" cnonce. */
	p[0] = in->username;
	p[1] = in->realm;
	p[2] = in->password;
	if ((rc = hash(c, p, 3, ha1)) != 0)
		goto out;
	if (sess) {
		p[0] = sip_str_make(ha1, 32);
		p[1] = in->nonce;
		p[2] = in->cnonce;
		if ((rc = hash(c, p, 3, ha1)) != 0)
			goto out;
	}
	/* 3.2.2.3: A2 = method ":" digest-uri (qop auth or absent). */
	p[0] = in->method;
	p[1] = in->uri;
	if ((rc = hash(c, p, 2, ha2)) != 0)
		goto out;
	/* 3.2.2.1: KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)), or
	 * KD(H(A1), nonce ":" H(A2)) without qop (RFC 2069). */
	p[0] = sip_str_make(ha1, 32);
	p[1] = in->nonce;
	if (in->qop.len) {
		p[2] = in->nc;
		p[3] = in->cnonce;
		p[4] = in->qop;
		p[5] = sip_str_make(ha2, 32);
		rc = hash(c, p, 6, out);
	} else {
		p[2] = sip_str_make(ha2, 32);
		rc = hash(c, p, 3, out);
	}
out:
	EVP_MD_CTX_free(c);
	return rc;
}

/* The challenge's qop-options (a quoted comma list) include "auth". */
static int offers_auth(struct sip_str qop)
{
	size_t i = 0, j;
	while (i < qop.len) {
		while (i < qop.len && (qop.p[i] == ' ' || qop.p[i] == '\t' || qop.p[i] == ','))
			i++;
		j = i;
		while (j < qop.len && qop.p[j] != ',' && qop.p[j] != ' ' && qop.p[j] != '\t')
			j++;
		if (j > i && sip_str_caseeq_c(sip_str_make(qop.p + i, j - i), "auth"))
			return 1;
		i = j;
	}
	return 0;
}

static void quoted(struct sip_buf *b, const char *name, struct sip_str v)
{
	sip_buf_puts(b, name);
	sip_buf_puts(b, "=\"");
	sip_buf_putstr(b, v); /* quoted-pairs were kept as received */
	sip_buf_putc(b, '"');
}

int sip__digest_credentials(struct sip_buf *b, const struct sip_auth *ch, struct sip_str user,
                            struct sip_str password, struct sip_str method, struct sip_str uri,
                            struct sip_str cnonce, uint32_t nc)
{
	struct sip__digest_in in;
	char resp[33], ncs[9];
	int rc, i;
	if (!sip_str_caseeq_c(ch->scheme, "Digest"))
		return SIP_EUNSUPP;
	if (!ch->realm.p || !ch->nonce.p)
		return SIP_EINVAL;
	memset(&in, 0, sizeof(in));
	in.username = user;
	in.realm = ch->realm;
	in.password = password;
	in.nonce = ch->nonce;
	in.method = method;
	in.uri = uri;
	in.algorithm = ch->algorithm;
	if (ch->qop.p) {
		/* RFC 2617 3.2.1: a challenge with qop-options we do not
		 * support cannot be answered. */
		if (!offers_auth(ch->qop))
			return SIP_EUNSUPP;
		for (i = 7; i >= 0; i--, nc >>= 4)
			ncs[i] = "0123456789abcdef"[nc & 15];
		ncs[8] = 0;
		in.qop = SIP_STR("auth");
		in.cnonce = cnonce;
		in.nc = sip_str_make(ncs, 8);
	}
	if ((rc = sip__digest_response(&in, resp)) != 0)
		return rc;
	sip_buf_puts(b, "Digest ");
	quoted(b, "username", user);
	quoted(b, ", realm", ch->realm);
	quoted(b, ", nonce", ch->nonce);
	quoted(b, ", uri", uri);
	quoted(b, ", response", sip_str_make(resp, 32));
	if (ch->algorithm.p) {
		sip_buf_puts(b, ", algorithm=");
		sip_buf_putstr(b, ch->algorithm);
	}
	if (in.qop.len) {
		quoted(b, ", cnonce", cnonce);
		sip_buf_puts(b, ", qop=auth, nc=");
		sip_buf_putstr(b, in.nc);
	}
	if (ch->opaque.p)
		quoted(b, ", opaque", ch->opaque);
	return 0;
}

int sip__digest_verify(const struct sip_auth *cr, struct sip_str password, struct sip_str method)
{
	struct sip__digest_in in;
	char resp[33];
	if (!sip_str_caseeq_c(cr->scheme, "Digest") || !cr->username.p || !cr->realm.p ||
	    !cr->nonce.p || !cr->uri.p || !cr->response.p || cr->response.len != 32)
		return 0;
	memset(&in, 0, sizeof(in));
	in.username = cr->username;
	in.realm = cr->realm;
	in.password = password;
	in.nonce = cr->nonce;
	in.method = method;
	in.uri = cr->uri;
	in.algorithm = cr->algorithm;
	if (cr->qop.p) {
		if (!cr->cnonce.p || !cr->nc.p)
			return 0;
		in.qop = cr->qop;
		in.cnonce = cr->cnonce;
		in.nc = cr->nc;
	}
	if (sip__digest_response(&in, resp) != 0)
		return 0;
	/* RFC 2617 3.2.2: the response is LHEX; compare case-insensitively. */
	return sip_str_caseeq(sip_str_make(resp, 32), cr->response);
}
