/* clock — CLOCK_MONOTONIC in seconds. */
#include "clock.h"

#include <time.h>

double
jb_clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
