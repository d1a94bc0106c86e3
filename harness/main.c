/* sipvet: the suite's command line. Subcommands live in cmd_*.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vet.h"

#ifndef SIPVET_VERSION
#define SIPVET_VERSION "unknown"
#endif

static const struct vet_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} vet_cmds[] = {
        {"run", vet_cmd_run, "run conformance cases against an implementation under test"},
        {"parse", vet_cmd_parse, "parse SIP messages from files and say whether they are valid"},
        {"report", vet_cmd_report, "re-render the HTML/JUnit/JSON reports from a results.json"},
};

void vet_err(const char *fmt, ...)
{
	va_list ap;
	fputs("sipvet: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *f)
{
	size_t i;
	fputs("usage: sipvet [--help] [--version] COMMAND [ARGS...]\n"
	      "\n"
	      "sipvet is a SIP (RFC 3261) conformance and fuzzing suite.\n"
	      "\n"
	      "commands:\n",
	      f);
	for (i = 0; i < sizeof(vet_cmds) / sizeof(vet_cmds[0]); i++)
		fprintf(f, "  %-8s %s\n", vet_cmds[i].name, vet_cmds[i].help);
	fputs("\n"
	      "Run `sipvet COMMAND --help` for a command's options.\n",
	      f);
}

int main(int argc, char **argv)
{
	size_t i;
	if (argc < 2) {
		usage(stderr);
		return VET_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return VET_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("sipvet %s\n", SIPVET_VERSION);
		return VET_EXIT_OK;
	}
	for (i = 0; i < sizeof(vet_cmds) / sizeof(vet_cmds[0]); i++)
		if (!strcmp(argv[1], vet_cmds[i].name))
			return vet_cmds[i].run(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		vet_err("unknown option '%s'", argv[1]);
	else
		vet_err("unknown command '%s'", argv[1]);
	fputs("Try 'sipvet --help'.\n", stderr);
	return VET_EXIT_USAGE;
}
