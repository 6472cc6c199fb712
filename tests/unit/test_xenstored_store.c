/* xenstored's data structures on their own: the node tree, permission
 * sets, path syntax and the string map. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "../../dom0-tools/xenstored/path.h"
#include "../../dom0-tools/xenstored/perms.h"
#include "../../dom0-tools/xenstored/store.h"
#include "../../dom0-tools/xenstored/strmap.h"

static struct xs_permset *owner(uint16_t domid, uint8_t mode)
{
    struct xs_perm p = { domid, mode, 0 };

    return perms_new(&p, 1);
}

static void count_visit(void *arg, struct xs_node *n)
{
    (void)n;
    (*(int *)arg)++;
}

static void test_store_add_lookup_remove(void)
{
    struct xs_store s;
    struct xs_permset *ps = owner(0, XS_PERM_NONE);
    struct xs_node *a, *b, *c, *x;
    char path[XS_PATH_BUF];
    int visited = 0;

    CU_ASSERT_FATAL(store_init(&s, ps) == 0);
    CU_ASSERT(store_add(&s, s.root, "a", 1, ps, &a) == 0);
    CU_ASSERT(store_add(&s, a, "b", 1, ps, &b) == 0);
    CU_ASSERT(store_add(&s, a, "c", 1, ps, &c) == 0);
    CU_ASSERT(store_add(&s, b, "x", 1, ps, &x) == 0);
    CU_ASSERT(store_lookup(&s, "/a/b/x") == x);
    CU_ASSERT(store_lookup(&s, "/a/c") == c);
    CU_ASSERT(store_lookup(&s, "/a/d") == NULL);
    CU_ASSERT(store_lookup(&s, "/") == s.root);
    CU_ASSERT(store_lookup(&s, "@releaseDomain") == s.special[XS_SPECIAL_RELEASE]);
    CU_ASSERT(store_lookup(&s, "@other") == NULL);
    CU_ASSERT(a->first == b && b->next == c && a->last == c && a->nchildren == 2);
    CU_ASSERT(store_path(x, path, sizeof(path)) == 6 && !strcmp(path, "/a/b/x"));
    CU_ASSERT(store_path(x, path, 4) == -ENAMETOOLONG);
    CU_ASSERT(store_path(s.special[XS_SPECIAL_INTRODUCE], path, sizeof(path)) > 0 &&
              !strcmp(path, "@introduceDomain"));
    CU_ASSERT(x->gen > a->gen - 1 && a->gen > s.root->gen);
    CU_ASSERT(ps->refs == 1 + 1 + 4 + XS_NSPECIAL);
    store_remove(&s, b, count_visit, &visited);
    CU_ASSERT(visited == 2);
    CU_ASSERT(store_lookup(&s, "/a/b") == NULL && store_lookup(&s, "/a/b/x") == NULL);
    CU_ASSERT(a->first == c && a->nchildren == 1 && s.nnodes == 2);
    CU_ASSERT(store_set_value(&s, c, "hi", 2) == 0 && c->vlen == 2);
    store_fini(&s);
    CU_ASSERT(ps->refs == 1);
    perms_put(ps);
}

static void test_store_many_nodes(void)
{
    struct xs_store s;
    struct xs_permset *ps = owner(0, XS_PERM_NONE);
    char name[32];
    int walked = 0;

    CU_ASSERT_FATAL(store_init(&s, ps) == 0);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(name, sizeof(name), "n%d", i);

        CU_ASSERT_FATAL(store_add(&s, s.root, name, (size_t)n, ps, NULL) == 0);
    }
    CU_ASSERT(s.nbuckets >= 4096);
    for (int i = 0; i < 5000; i += 7) {
        snprintf(name, sizeof(name), "/n%d", i);
        CU_ASSERT(store_lookup(&s, name) != NULL);
    }
    CU_ASSERT(store_lookup(&s, "/n5000") == NULL);
    store_walk(&s, count_visit, &walked);
    CU_ASSERT(walked == 5000 + 1 + XS_NSPECIAL);
    store_fini(&s);
    perms_put(ps);
}

static void test_perms_parse_format(void)
{
    static const char good[] = "b0\0r5\0w65535\0n7";
    struct xs_permset *ps = NULL;
    char out[64];

    CU_ASSERT_FATAL(perms_parse(good, sizeof(good), 4, &ps) == 0);
    CU_ASSERT(ps->n == 4 && ps->p[1].domid == 5 && ps->p[1].mode == XS_PERM_READ);
    CU_ASSERT(ps->p[2].domid == 65535 && ps->p[2].mode == XS_PERM_WRITE);
    CU_ASSERT(perms_format(ps, out, sizeof(out)) == (int)sizeof(good));
    CU_ASSERT(!memcmp(out, good, sizeof(good)));
    CU_ASSERT(perms_format(ps, out, 5) == -E2BIG);
    perms_put(ps);
    CU_ASSERT(perms_parse("x5", 3, 1, &ps) == -EINVAL);
    CU_ASSERT(perms_parse("r", 2, 1, &ps) == -EINVAL);
    CU_ASSERT(perms_parse("r65536", 7, 1, &ps) == -EINVAL);
    CU_ASSERT(perms_parse("r5a", 4, 1, &ps) == -EINVAL);
    CU_ASSERT(perms_parse("r5", 2, 1, &ps) == -EINVAL);
    CU_ASSERT(perms_parse("r5", 3, 2, &ps) == -EINVAL);
    CU_ASSERT(perms_parse("r5", 3, 0, &ps) == -EINVAL);
}

static void test_perms_for(void)
{
    struct xs_perm p[] = { { 5, XS_PERM_READ, 0 }, { 7, XS_PERM_WRITE, 0 },
                           { 8, XS_PERM_NONE, 0 } };
    struct xs_permset *ps = perms_new(p, 3);
    struct xs_who owner5 = { 5, -1, false }, dom7 = { 7, -1, false };
    struct xs_who dom8 = { 8, -1, false }, dom9 = { 9, -1, false };
    struct xs_who dm = { 9, 5, false }, dom0 = { 0, -1, true };
    unsigned int all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

    CU_ASSERT(perms_for(ps, &owner5) == all);
    CU_ASSERT(perms_for(ps, &dom7) == XS_PERM_WRITE);
    CU_ASSERT(perms_for(ps, &dom8) == XS_PERM_NONE);
    CU_ASSERT(perms_for(ps, &dom9) == XS_PERM_READ);
    CU_ASSERT(perms_for(ps, &dm) == all);
    CU_ASSERT(perms_for(ps, &dom0) == all);
    perms_put(ps);
}

static void test_perms_owner_and_without(void)
{
    struct xs_perm p[] = { { 5, XS_PERM_NONE, 0 }, { 7, XS_PERM_READ, 0 },
                           { 5, XS_PERM_READ, 0 } };
    struct xs_permset *ps = perms_new(p, 3), *q, *out;

    q = perms_with_owner(ps, 5);
    CU_ASSERT(q == ps && ps->refs == 2);
    perms_put(q);
    q = perms_with_owner(ps, 9);
    CU_ASSERT(q != ps && q->p[0].domid == 9 && q->n == 3 && ps->p[0].domid == 5);
    perms_put(q);
    CU_ASSERT(perms_without(ps, 7, 0, &out) == 1);
    CU_ASSERT(out->n == 2 && out->p[0].domid == 5 && out->p[1].domid == 5);
    perms_put(out);
    CU_ASSERT(perms_without(ps, 5, 0, &out) == 1);
    CU_ASSERT(out->n == 2 && out->p[0].domid == 0 && out->p[1].domid == 7);
    perms_put(out);
    CU_ASSERT(perms_without(ps, 11, 0, &out) == 0 && out == NULL);
    perms_put(ps);
}

static void test_path_canon(void)
{
    char out[XS_PATH_BUF], big[3100];

    CU_ASSERT(path_canon("/a/b", 3, false, out, sizeof(out)) == 4 && !strcmp(out, "/a/b"));
    CU_ASSERT(path_canon("x/y", 3, false, out, sizeof(out)) > 0 &&
              !strcmp(out, "/local/domain/3/x/y"));
    CU_ASSERT(path_canon("/", 3, false, out, sizeof(out)) == 1);
    CU_ASSERT(path_canon("@releaseDomain", 0, true, out, sizeof(out)) > 0);
    CU_ASSERT(path_canon("@releaseDomain", 0, false, out, sizeof(out)) == -EINVAL);
    CU_ASSERT(path_canon("@a/b", 0, true, out, sizeof(out)) == -EINVAL);
    CU_ASSERT(path_canon("", 0, false, out, sizeof(out)) == -EINVAL);
    CU_ASSERT(path_canon("/a/", 0, false, out, sizeof(out)) == -EINVAL);
    CU_ASSERT(path_canon("/a//b", 0, false, out, sizeof(out)) == -EINVAL);
    CU_ASSERT(path_canon("/a b", 0, false, out, sizeof(out)) == -EINVAL);
    CU_ASSERT(path_canon("/a.b", 0, false, out, sizeof(out)) == -EINVAL);
    CU_ASSERT(path_canon("/A-z_0@9", 0, false, out, sizeof(out)) > 0);
    memset(big, 'a', sizeof(big));
    big[0] = '/';
    big[3072] = '\0';
    CU_ASSERT(path_canon(big, 0, false, out, sizeof(out)) == 3072);
    big[3072] = 'a';
    big[3073] = '\0';
    CU_ASSERT(path_canon(big, 0, false, out, sizeof(out)) == -EINVAL);
    memset(big, 'a', 2049);
    big[2049] = '\0';
    CU_ASSERT(path_canon(big, 0, false, out, sizeof(out)) == -EINVAL);
}

static void test_path_helpers(void)
{
    CU_ASSERT(path_parent_len("/a/b") == 2);
    CU_ASSERT(path_parent_len("/a") == 1);
    CU_ASSERT(path_parent_len("/") == 0);
    CU_ASSERT(!strcmp(path_basename("/a/bc"), "bc"));
    CU_ASSERT(path_is_under("/a/b", "/a"));
    CU_ASSERT(path_is_under("/a", "/a"));
    CU_ASSERT(!path_is_under("/ab", "/a"));
    CU_ASSERT(!path_is_under("/a", "/a/b"));
    CU_ASSERT(path_is_under("/x", "/"));
    CU_ASSERT(!path_is_under("@introduceDomain", "/"));
}

static void test_strmap(void)
{
    struct strmap m = { 0 };
    char key[16];
    int v1 = 1, v2 = 2;

    CU_ASSERT(strmap_get(&m, "a") == NULL);
    CU_ASSERT(strmap_put(&m, "a", &v1) == 0 && strmap_get(&m, "a") == &v1);
    CU_ASSERT(strmap_put(&m, "a", &v2) == 0 && strmap_get(&m, "a") == &v2 && m.n == 1);
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        CU_ASSERT_FATAL(strmap_put(&m, key, &v1) == 0);
    }
    CU_ASSERT(m.n == 1001 && strmap_get(&m, "k999") == &v1 && !strmap_get(&m, "k1000"));
    strmap_clear(&m, NULL);
    CU_ASSERT(m.n == 0 && strmap_get(&m, "a") == NULL);
}

UNIT_SUITE(xenstored_store,
           UNIT_TEST(test_store_add_lookup_remove),
           UNIT_TEST(test_store_many_nodes),
           UNIT_TEST(test_perms_parse_format),
           UNIT_TEST(test_perms_for),
           UNIT_TEST(test_perms_owner_and_without),
           UNIT_TEST(test_path_canon),
           UNIT_TEST(test_path_helpers),
           UNIT_TEST(test_strmap))
