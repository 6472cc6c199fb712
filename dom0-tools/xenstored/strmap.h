/* A small hash map from strings to pointers, for transaction overlays
 * and deletion records. */
#ifndef XSD_STRMAP_H
#define XSD_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_ent {
    struct strmap_ent *next;
    uint32_t hash;
    void *val;
    char key[];
};

struct strmap {
    struct strmap_ent **b;
    size_t nb;
    size_t n;
};

void *strmap_get(const struct strmap *m, const char *key);
int strmap_put(struct strmap *m, const char *key, void *val);
void strmap_clear(struct strmap *m, void (*free_val)(void *));

#endif
