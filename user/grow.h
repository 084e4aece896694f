/* SPDX-License-Identifier: GPL-2.0 */
/* Growable arrays: room for one more element, doubling as needed. */
#ifndef KM_GROW_H
#define KM_GROW_H

#include <stdlib.h>
#include <string.h>

/*
 * Make room in array @v (@n used of *@cap elements of @size bytes; @first
 * is the first capacity) and zero element @n. Returns the array, perhaps
 * moved, or NULL when out of memory (@v is then still valid).
 */
static inline void *km_grow(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n == *cap) {
		size_t c = *cap ? *cap * 2 : first;

		v = realloc(v, c * size);
		if (!v)
			return NULL;
		*cap = c;
	}
	memset((char *)v + n * size, 0, size);
	return v;
}

#endif /* KM_GROW_H */
