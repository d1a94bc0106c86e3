/* sipvet: child processes of targets: the sipref server a `--target
 * sipref` session starts and talks to over pipes, and the trigger commands
 * of a target profile. Every child is reaped: stopped politely, then with
 * SIGTERM, then SIGKILL. Pipes are close-on-exec so that children started
 * concurrently by other sessions never hold each other's pipes open. */
#define _GNU_SOURCE /* accept4, pipe2: close-on-exec from the start */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "target_int.h"

extern char **environ;

uint64_t vet__mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int vet__proc_spawn(struct vet__proc *p, char *const argv[], int want_stdin, char *err,
                    size_t errlen)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, er[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	int rc;
	memset(p, 0, sizeof(*p));
	p->pid = -1;
	p->in_fd = p->out_fd = p->err_fd = -1;
	if ((want_stdin && pipe2(in, O_CLOEXEC)) || pipe2(out, O_CLOEXEC) || pipe2(er, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	posix_spawn_file_actions_init(&fa);
	if (want_stdin)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, er[1], 2);
	rc = posix_spawn(&p->pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		snprintf(err, errlen, "cannot start %s: %s", argv[0], strerror(rc));
		p->pid = -1;
		goto fail;
	}
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&er[1]);
	p->in_fd = in[1];
	p->out_fd = out[0];
	p->err_fd = er[0];
	fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(p->err_fd, F_SETFL, O_NONBLOCK);
	if (p->in_fd >= 0)
		fcntl(p->in_fd, F_SETFL, O_NONBLOCK);
	return 0;
fail:
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&er[0]);
	close_fd(&er[1]);
	return -1;
}

/* Splits what arrived on fd into lines; a line longer than the buffer is
 * cut. Returns 0, or -1 at end of file. */
static int read_lines(int fd, char *buf, size_t cap, size_t *len,
                      void (*line)(void *ud, const char *l, size_t n), void *ud)
{
	for (;;) {
		ssize_t n = read(fd, buf + *len, cap - *len);
		char *nl;
		if (n == 0)
			return -1;
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		*len += (size_t)n;
		while ((nl = memchr(buf, '\n', *len)) != NULL) {
			size_t l = (size_t)(nl - buf);
			if (l && buf[l - 1] == '\r')
				l--;
			if (line)
				line(ud, buf, l);
			*len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, *len);
		}
		if (*len == cap) {
			if (line)
				line(ud, buf, *len);
			*len = 0;
		}
	}
}

struct err_sink {
	struct vet__proc *p;
	void (*line)(void *ud, const char *l, size_t n);
	void *ud;
};

static void keep_err(void *ud, const char *l, size_t n)
{
	struct err_sink *e = ud;
	if (n == 0)
		return;
	snprintf(e->p->last_err, sizeof(e->p->last_err), "%.*s", (int)n, l);
	if (e->line)
		e->line(e->ud, l, n);
}

int vet__proc_read(struct vet__proc *p, int fd, void (*line)(void *ud, const char *l, size_t n),
                   void *ud)
{
	if (fd == p->err_fd && p->err_fd >= 0) {
		struct err_sink e = {p, line, ud};
		if (read_lines(p->err_fd, p->ebuf, sizeof(p->ebuf), &p->elen, keep_err, &e) < 0)
			close_fd(&p->err_fd); /* stderr closing alone is not the end */
		return 0;
	}
	if (fd == p->out_fd && p->out_fd >= 0) {
		if (read_lines(p->out_fd, p->obuf, sizeof(p->obuf), &p->olen, line, ud) < 0) {
			close_fd(&p->out_fd);
			return -1;
		}
	}
	return 0;
}

int vet__proc_write(struct vet__proc *p, const char *s, size_t n, int timeout_ms)
{
	uint64_t end = vet__mono_us() + (uint64_t)timeout_ms * 1000;
	while (n > 0) {
		ssize_t w;
		if (p->in_fd < 0)
			return -1;
		w = write(p->in_fd, s, n);
		if (w > 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		{
			struct pollfd pf = {.fd = p->in_fd, .events = POLLOUT};
			uint64_t now = vet__mono_us();
			if (now >= end)
				return -1;
			poll(&pf, 1, (int)((end - now) / 1000 + 1));
		}
	}
	return 0;
}

/* Waits up to ms for the child to exit. 1 reaped (status in *st), 0 not. */
static int reap_within(struct vet__proc *p, int ms, int *st)
{
	uint64_t end = vet__mono_us() + (uint64_t)ms * 1000;
	for (;;) {
		pid_t r = waitpid(p->pid, st, WNOHANG);
		if (r == p->pid || (r < 0 && errno == ECHILD)) {
			p->pid = -1;
			return 1;
		}
		if (vet__mono_us() >= end)
			return 0;
		{
			struct timespec ts = {0, 5 * 1000000};
			nanosleep(&ts, NULL);
		}
	}
}

int vet__proc_stop(struct vet__proc *p, const char *quit)
{
	int st = 0;
	if (p->pid > 0) {
		if (quit)
			vet__proc_write(p, quit, strlen(quit), 200);
		close_fd(&p->in_fd);
		if (!reap_within(p, quit ? 2000 : 0, &st)) {
			kill(p->pid, SIGTERM);
			if (!reap_within(p, 2000, &st)) {
				kill(p->pid, SIGKILL);
				reap_within(p, 5000, &st);
			}
		}
	}
	close_fd(&p->in_fd);
	close_fd(&p->out_fd);
	close_fd(&p->err_fd);
	return st;
}

static void drop_line(void *ud, const char *l, size_t n)
{
	struct vet__proc *p = ud;
	if (n)
		snprintf(p->last_out, sizeof(p->last_out), "%.*s", (int)n, l);
}

int vet__run_command(const char *cmd, int timeout_ms, const volatile sig_atomic_t *stop, char *err,
                     size_t errlen)
{
	struct vet__proc p;
	char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
	uint64_t end = vet__mono_us() + (uint64_t)timeout_ms * 1000;
	int st, rc = 0;
	if (vet__proc_spawn(&p, argv, 0, err, errlen))
		return -1;
	while (p.out_fd >= 0 || p.err_fd >= 0) {
		struct pollfd pf[2];
		nfds_t n = 0;
		uint64_t now = vet__mono_us();
		if (stop && *stop) {
			rc = -2;
			break;
		}
		if (now >= end) {
			snprintf(err, errlen, "'%s' still running after %d ms", cmd, timeout_ms);
			rc = -1;
			break;
		}
		if (p.out_fd >= 0)
			pf[n++] = (struct pollfd){.fd = p.out_fd, .events = POLLIN};
		if (p.err_fd >= 0)
			pf[n++] = (struct pollfd){.fd = p.err_fd, .events = POLLIN};
		poll(pf, n,
		     (int)((end - now) / 1000 + 1) > 100 ? 100 : (int)((end - now) / 1000 + 1));
		for (nfds_t k = 0; k < n; k++)
			if (pf[k].revents)
				vet__proc_read(&p, pf[k].fd,
				               pf[k].fd == p.out_fd ? drop_line : NULL, &p);
	}
	if (rc) {
		vet__proc_stop(&p, NULL);
		return rc;
	}
	if (!reap_within(&p, timeout_ms, &st)) {
		snprintf(err, errlen, "'%s' did not exit", cmd);
		vet__proc_stop(&p, NULL);
		return -1;
	}
	vet__proc_stop(&p, NULL);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		snprintf(err, errlen, "'%s' exited with status %d%s%s", cmd, WEXITSTATUS(st),
		         p.last_err[0] ? ": " : "", p.last_err);
	else
		snprintf(err, errlen, "'%s' killed by signal %d", cmd,
		         WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return -1;
}
