/*
 * authcache.c -- see authcache.h. A small direct-mapped table indexed by
 * the token hash (already uniformly random), one mutex per slot.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth/authcache.h"

#define AUTHCACHE_SLOTS 256

struct slot {
	pthread_mutex_t mtx;
	int used;
	uint64_t gen;
	uint64_t stored_ms;		/* monotonic; TTL */
	unsigned char hash[SECRET_HASH_LEN];
	struct credential c;
};

static struct slot slots[AUTHCACHE_SLOTS];
static atomic_ullong generation = 1;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
init_slots(void)
{
	size_t i;

	for (i = 0; i < AUTHCACHE_SLOTS; i++)
		pthread_mutex_init(&slots[i].mtx, NULL);
}

static struct slot *
slot_for(const unsigned char hash[SECRET_HASH_LEN])
{
	pthread_once(&once, init_slots);
	return &slots[hash[0] % AUTHCACHE_SLOTS];
}

uint64_t
authcache_generation(void)
{
	return atomic_load(&generation);
}

void
authcache_bump(void)
{
	atomic_fetch_add(&generation, 1);
}

int
authcache_get(const unsigned char hash[SECRET_HASH_LEN], struct credential *c)
{
	struct slot *s = slot_for(hash);
	int hit;

	pthread_mutex_lock(&s->mtx);
	hit = s->used && s->gen == atomic_load(&generation) &&
	    now_ms() - s->stored_ms < AUTHCACHE_TTL_MS &&
	    sodium_memcmp(s->hash, hash, SECRET_HASH_LEN) == 0;
	if (hit)
		*c = s->c;
	pthread_mutex_unlock(&s->mtx);
	return hit;
}

void
authcache_put(const unsigned char hash[SECRET_HASH_LEN],
    const struct credential *c, uint64_t gen)
{
	struct slot *s = slot_for(hash);

	pthread_mutex_lock(&s->mtx);
	if (s->used && s->gen == gen &&
	    sodium_memcmp(s->hash, hash, SECRET_HASH_LEN) == 0) {
		s->c = *c;	/* a refresh (last_seen): keep the stamp */
		pthread_mutex_unlock(&s->mtx);
		return;
	}
	s->used = 1;
	s->gen = gen;
	s->stored_ms = now_ms();
	memcpy(s->hash, hash, SECRET_HASH_LEN);
	s->c = *c;
	pthread_mutex_unlock(&s->mtx);
}
