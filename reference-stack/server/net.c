/* sipref server: addresses, listening sockets and output buffers. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "server.h"

int srv_obuf_append(struct srv_obuf *b, const void *p, size_t n, size_t limit)
{
	if (b->off > 0 && b->off == b->len)
		b->off = b->len = 0;
	if (srv_obuf_pending(b) + n > limit)
		return -1;
	if (b->len + n > b->cap) {
		size_t pending = srv_obuf_pending(b), cap = b->cap ? b->cap : 4096;
		char *np;

		/* Compact first: the consumed head is dead space. */
		if (b->off > 0) {
			memmove(b->p, b->p + b->off, pending);
			b->off = 0;
			b->len = pending;
		}
		while (cap < b->len + n)
			cap *= 2;
		if (cap > b->cap) {
			np = realloc(b->p, cap);
			if (!np)
				return -1;
			b->p = np;
			b->cap = cap;
		}
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

int srv_obuf_flush(struct srv_obuf *b, int fd, int is_socket)
{
	while (b->off < b->len) {
		ssize_t n = is_socket ? send(fd, b->p + b->off, b->len - b->off, MSG_NOSIGNAL)
		                      : write(fd, b->p + b->off, b->len - b->off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return errno;
		}
		b->off += (size_t)n;
	}
	b->off = b->len = 0;
	return 0;
}

void srv_obuf_free(struct srv_obuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

int srv_addr_to_sa(const struct sip_addr *a, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == 4) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		in->sin_family = AF_INET;
		in->sin_port = htons(a->port);
		memcpy(&in->sin_addr, a->ip, 4);
		*len = sizeof(*in);
		return 0;
	}
	if (a->family == 6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(a->port);
		memcpy(&in6->sin6_addr, a->ip, 16);
		*len = sizeof(*in6);
		return 0;
	}
	return -1;
}

int srv_addr_from_sa(struct sip_addr *a, const struct sockaddr *sa, socklen_t len)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		a->family = 4;
		a->port = ntohs(in->sin_port);
		memcpy(a->ip, &in->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		a->family = 6;
		a->port = ntohs(in6->sin6_port);
		memcpy(a->ip, &in6->sin6_addr, 16);
		return 0;
	}
	return -1;
}

const char *srv_addr_str(const struct sip_addr *a, char *buf, size_t cap)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->family != 4 && a->family != 6) {
		snprintf(buf, cap, "(none)");
		return buf;
	}
	inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->ip, ip, sizeof(ip));
	snprintf(buf, cap, a->family == 6 ? "[%s]:%u" : "%s:%u", ip, (unsigned)a->port);
	return buf;
}

int srv_addr_same(const struct sip_addr *a, const struct sip_addr *b)
{
	return a->family == b->family && a->port == b->port &&
	       memcmp(a->ip, b->ip, a->family == 6 ? 16 : 4) == 0;
}

int srv_sock_open(struct srv_sock *s, const struct srv_listen *l)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1, fd, err = 0;
	int stream = l->tp != SIP_TP_UDP;

	if (srv_addr_to_sa(&l->addr, &ss, &len))
		return EAFNOSUPPORT;
	fd = socket(ss.ss_family,
	            (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	/* One socket per family: an IPv6 listener must not grab IPv4 too. */
	if (ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0)
		goto out;
	/* Restarts must not wait for TIME_WAIT connections of the last run. */
	if (stream && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
		goto out;
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		goto out;
	if (stream && listen(fd, 128) != 0)
		goto out;
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    srv_addr_from_sa(&s->local, (struct sockaddr *)&ss, len) != 0)
		goto out;
	s->h.kind = stream ? SRV_H_TCP_LISTEN : SRV_H_UDP;
	s->h.fd = fd;
	s->tp = l->tp;
	return 0;
out:
	err = errno ? errno : EINVAL;
	close(fd);
	return err;
}
