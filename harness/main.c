/* sipvet: placeholder until the CLI lands. */
#include <stdio.h>

int main(void)
{
	fputs("sipvet: not built yet\n", stderr);
	return 2;
}
