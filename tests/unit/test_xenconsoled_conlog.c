/* Console log files (dom0-tools/xenconsoled/conlog.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unit.h"
#include "../../dom0-tools/xenconsoled/conlog.h"

static void test_file_names(void)
{
    char buf[128], longname[200];

    CU_ASSERT_EQUAL(conlog_file_name(buf, sizeof(buf), "web-01.example", 3), 0);
    CU_ASSERT_STRING_EQUAL(buf, "guest-web-01.example.log");
    CU_ASSERT_EQUAL(conlog_file_name(buf, sizeof(buf), "a/b c\n\xff", 3), 0);
    CU_ASSERT_STRING_EQUAL(buf, "guest-a_b_c__.log");
    CU_ASSERT_EQUAL(conlog_file_name(buf, sizeof(buf), "..", 3), 0);
    CU_ASSERT_STRING_EQUAL(buf, "guest-...log");
    CU_ASSERT_EQUAL(conlog_file_name(buf, sizeof(buf), NULL, 12), 0);
    CU_ASSERT_STRING_EQUAL(buf, "guest-dom12.log");
    CU_ASSERT_EQUAL(conlog_file_name(buf, sizeof(buf), "", 32751), 0);
    CU_ASSERT_STRING_EQUAL(buf, "guest-dom32751.log");
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    CU_ASSERT_EQUAL(conlog_file_name(buf, sizeof(buf), longname, 1), 0);
    CU_ASSERT_EQUAL(strlen(buf), strlen("guest-.log") + XCD_CONLOG_NAME_MAX);
}

static void test_file_name_too_small(void)
{
    char buf[12];

    CU_ASSERT_EQUAL(conlog_file_name(buf, sizeof(buf), "longer-name", 1),
                    -ENAMETOOLONG);
    CU_ASSERT_EQUAL(conlog_file_name(buf, 8, NULL, 1), -ENAMETOOLONG);
}

static void test_open_append_write(void)
{
    char dir[] = "/tmp/xcd-log-XXXXXX", path[64], buf[32];
    int fd, fd2;
    FILE *fp;

    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    fd = conlog_open(dir, "guest-a.log");
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(conlog_write(fd, "one ", 4), 0);
    fd2 = conlog_open(dir, "guest-a.log");  /* appends, never truncates */
    CU_ASSERT_FATAL(fd2 >= 0);
    CU_ASSERT_EQUAL(conlog_write(fd2, "two", 3), 0);
    close(fd);
    close(fd2);
    snprintf(path, sizeof(path), "%s/guest-a.log", dir);
    fp = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof(buf), fp));
    fclose(fp);
    CU_ASSERT_STRING_EQUAL(buf, "one two");
    unlink(path);
    rmdir(dir);
}

static void test_open_errors(void)
{
    char dir[] = "/tmp/xcd-log-XXXXXX", link[64], big[5000];

    CU_ASSERT_EQUAL(conlog_open("/nonexistent/dir", "guest-a.log"), -ENOENT);
    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    /* A symlink planted in the directory is not followed. */
    snprintf(link, sizeof(link), "%s/guest-x.log", dir);
    CU_ASSERT_FATAL(symlink("/etc/passwd", link) == 0);
    CU_ASSERT_EQUAL(conlog_open(dir, "guest-x.log"), -ELOOP);
    unlink(link);
    rmdir(dir);
    memset(big, 'd', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT_EQUAL(conlog_open(big, "guest-a.log"), -ENAMETOOLONG);
}

static void test_write_errors(void)
{
    int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);

    CU_ASSERT_EQUAL(conlog_write(-1, "x", 1), -EBADF);
    if (fd >= 0) {
        CU_ASSERT_EQUAL(conlog_write(fd, "x", 1), -ENOSPC);
        close(fd);
    }
    CU_ASSERT_EQUAL(conlog_write(-1, "", 0), 0);    /* nothing to write */
}

static void test_mkdirs(void)
{
    char base[] = "/tmp/xcd-mk-XXXXXX", dir[96], file[96], big[5000];
    struct stat st;
    int fd;

    CU_ASSERT_FATAL(mkdtemp(base) != NULL);
    snprintf(dir, sizeof(dir), "%s/a/b//c/", base);
    CU_ASSERT_EQUAL(conlog_mkdirs(dir), 0);
    CU_ASSERT_EQUAL(stat(dir, &st), 0);
    CU_ASSERT(S_ISDIR(st.st_mode));
    CU_ASSERT_EQUAL(conlog_mkdirs(dir), 0);         /* already there */
    snprintf(file, sizeof(file), "%s/f", base);
    fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_EQUAL(conlog_mkdirs(file), -ENOTDIR);
    snprintf(dir, sizeof(dir), "%s/f/g", base);
    CU_ASSERT_EQUAL(conlog_mkdirs(dir), -ENOTDIR);
    CU_ASSERT_EQUAL(conlog_mkdirs(""), -EINVAL);
    memset(big, 'd', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT_EQUAL(conlog_mkdirs(big), -ENAMETOOLONG);
    snprintf(dir, sizeof(dir), "rm -rf %s", base);
    CU_ASSERT(system(dir) == 0);
}

UNIT_SUITE(xenconsoled_conlog,
           UNIT_TEST(test_file_names), UNIT_TEST(test_file_name_too_small),
           UNIT_TEST(test_open_append_write), UNIT_TEST(test_open_errors),
           UNIT_TEST(test_write_errors), UNIT_TEST(test_mkdirs))
