/*
 * compat.h -- what glibc 2.36 lacks and OpenBSD has.
 */
#ifndef KAITO_COMPAT_H
#define KAITO_COMPAT_H

#include <sys/queue.h>

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#endif
