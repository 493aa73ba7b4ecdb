/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest-side clock for the VM benchmark (tools/bench-vm.sh): time a command, read the TSC across a panic. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Built static in the scenario's prepare() and put into the guest initramfs.
 *   bench-vm-clock ms OUT CMD...  run CMD with stdout+stderr to file OUT, print
 *                              "<milliseconds> <exit status>"
 *   bench-vm-clock tsc         print the time-stamp counter
 *   bench-vm-clock tsc-hz      TSC ticks per CLOCK_MONOTONIC second, measured over 1 s
 * Why the TSC: a panic boots the crash kernel without resetting the CPU, so the counter runs on
 * from the first kernel into the crash kernel (CLOCK_MONOTONIC starts again at 0); under TCG
 * it follows the host's TSC. tools/bench-vm.sh cross-checks it against the RTC-backed date.
 */
static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "ms") == 0) {
		double t0 = mono();
		int status = 0;
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid == 0) {
			if (!freopen(argv[2], "w", stdout) || dup2(fileno(stdout), 2) < 0)
				_exit(126);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid)
			return 1;
		printf("%.1f %d\n", (mono() - t0) * 1000, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "tsc") == 0) {
		printf("%llu\n", (unsigned long long)rdtsc());
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "tsc-hz") == 0) {
		double t0 = mono(), t1;
		uint64_t c0 = rdtsc(), c1;

		sleep(1);
		c1 = rdtsc();
		t1 = mono();
		printf("%.0f\n", (double)(c1 - c0) / (t1 - t0));
		return 0;
	}
	fprintf(stderr, "usage: bench-vm-clock ms OUT CMD... | tsc | tsc-hz\n");
	return 2;
}
