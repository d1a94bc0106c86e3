/* sipvet: declarations shared by the CLI's files. */
#ifndef SIPVET_VET_H
#define SIPVET_VET_H

/* Exit statuses of every sipvet command. */
enum vet_exit {
	VET_EXIT_OK = 0,    /* everything checked was valid / passed */
	VET_EXIT_FAIL = 1,  /* something was invalid / failed */
	VET_EXIT_USAGE = 2, /* bad command line, unreadable input, out of memory */
};

/* Subcommands: argv[0] is the command name. Return an enum vet_exit. */
int vet_cmd_parse(int argc, char **argv);
int vet_cmd_report(int argc, char **argv); /* cmd_report.c */
int vet_cmd_run(int argc, char **argv);    /* cmd_run.c */

/* Prints "sipvet: " and the formatted message to stderr. */
void vet_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
