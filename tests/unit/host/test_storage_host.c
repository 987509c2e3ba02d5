/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host storage backend (platform/host/spe/storage_host.c) against a
 * temporary state directory: read/write/remove, the size and count limits,
 * the refusal of anything that is not a plain object file, the cleanup at
 * boot, and that it keeps using the directory it opened when the path is
 * swapped. The bytes are opaque here: truncated or garbage objects come back
 * exactly as stored (the storage partition's seal is what detects them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cai/spe_port.h"
#include "cai_host/state.h"
#include "cai_host/storage_host.h"

#define OWNER ((int32_t)7)
#define UID   UINT64_C(0x1122334455667788)
#define NAME  "00000007-1122334455667788"

static char g_dir[64];
static char g_its[128];
static int g_dfd = -1;

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int boot(void)
{
    char err[512];
    cai_host_storage_close();
    return cai_host_storage_open(g_dfd, g_dir, err, sizeof(err));
}

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/cai-storage-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    snprintf(g_its, sizeof(g_its), "%s/its", g_dir);
    char err[512];
    g_dfd = cai_dir_open(g_dir, "state directory", err, sizeof(err));
    assert_true(g_dfd >= 0);
    assert_int_equal(boot(), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cai_host_storage_close();
    close(g_dfd);
    nftw(g_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void its_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", g_its, name);
}

static void put_file(const char *name, const void *data, size_t len)
{
    char p[256];
    its_path(p, sizeof(p), name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static void test_not_open(void **state)
{
    (void)state;
    uint8_t b[4];
    size_t len;
    cai_host_storage_close();
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len),
                     PSA_ERROR_STORAGE_FAILURE);
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, b, sizeof(b)),
                     PSA_ERROR_STORAGE_FAILURE);
    assert_int_equal(cai_spe_port_storage_remove(OWNER, UID), PSA_ERROR_STORAGE_FAILURE);
}

static void test_round_trip(void **state)
{
    (void)state;
    uint8_t b[64];
    size_t len = 99;
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len),
                     PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"hello", 5),
                     PSA_SUCCESS);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len), PSA_SUCCESS);
    assert_int_equal(len, 5);
    assert_memory_equal(b, "hello", 5);
    /* On disk: its/<owner 8 hex>-<uid 16 hex>, exactly the bytes, 0600. */
    char p[256];
    struct stat st;
    its_path(p, sizeof(p), NAME);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(stat(g_its, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0700);
    /* Replace with a shorter value; no temporary is left. */
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"hi", 2), PSA_SUCCESS);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len), PSA_SUCCESS);
    assert_int_equal(len, 2);
    assert_memory_equal(b, "hi", 2);
    its_path(p, sizeof(p), NAME ".tmp");
    assert_int_equal(access(p, F_OK), -1);
    /* Another owner, same uid: another object (negative ids as 32-bit hex). */
    assert_int_equal(cai_spe_port_storage_write(-3, UID, (const uint8_t *)"x", 1), PSA_SUCCESS);
    its_path(p, sizeof(p), "fffffffd-1122334455667788");
    assert_int_equal(access(p, F_OK), 0);
    assert_int_equal(cai_spe_port_storage_remove(OWNER, UID), PSA_SUCCESS);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len),
                     PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(cai_spe_port_storage_remove(OWNER, UID), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(cai_spe_port_storage_read(-3, UID, b, sizeof(b), &len), PSA_SUCCESS);
}

static void test_arguments_and_sizes(void **state)
{
    (void)state;
    static uint8_t big[CAI_SPE_PORT_STORAGE_OBJECT_MAX + 1], back[CAI_SPE_PORT_STORAGE_OBJECT_MAX];
    size_t len;
    uint8_t b[4] = { 1, 2, 3, 4 };
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), NULL),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, NULL, 0, &len),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, NULL, 1), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, big, sizeof(big)),
                     PSA_ERROR_INVALID_ARGUMENT);
    /* The largest object, and an empty one. */
    memset(big, 0xa5, sizeof(big));
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, big, CAI_SPE_PORT_STORAGE_OBJECT_MAX),
                     PSA_SUCCESS);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, back, sizeof(back), &len), PSA_SUCCESS);
    assert_int_equal(len, CAI_SPE_PORT_STORAGE_OBJECT_MAX);
    assert_memory_equal(back, big, len);
    /* Too small a buffer: nothing read, *len 0 (the contract's "on failure"). */
    len = 99;
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len),
                     PSA_ERROR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(b[0], 1);
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, NULL, 0), PSA_SUCCESS);
    len = 99;
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, 0, &len), PSA_SUCCESS);
    assert_int_equal(len, 0);
}

static void test_object_count_limit(void **state)
{
    (void)state;
    uint8_t v = 1;
    for (uint64_t i = 0; i < CAI_SPE_PORT_STORAGE_OBJECTS_MAX; i++) {
        assert_int_equal(cai_spe_port_storage_write(OWNER, i, &v, 1), PSA_SUCCESS);
    }
    uint64_t extra = CAI_SPE_PORT_STORAGE_OBJECTS_MAX;
    assert_int_equal(cai_spe_port_storage_write(OWNER, extra, &v, 1),
                     PSA_ERROR_INSUFFICIENT_STORAGE);
    /* Replacing an existing object needs no new slot. */
    assert_int_equal(cai_spe_port_storage_write(OWNER, 0, &v, 1), PSA_SUCCESS);
    /* The count survives a reboot (it is counted from the directory). */
    assert_int_equal(boot(), 0);
    assert_int_equal(cai_spe_port_storage_write(OWNER, extra, &v, 1),
                     PSA_ERROR_INSUFFICIENT_STORAGE);
    assert_int_equal(cai_spe_port_storage_remove(OWNER, 3), PSA_SUCCESS);
    assert_int_equal(cai_spe_port_storage_write(OWNER, extra, &v, 1), PSA_SUCCESS);
}

/* Whatever sits at an object's name that is not a plain object file is
 * refused on read, without blocking and without following it. */
static void expect_refused_read(void)
{
    uint8_t b[64];
    size_t len = 1;
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len),
                     PSA_ERROR_STORAGE_FAILURE);
    assert_int_equal(len, 0);
}

static void test_refuses_symlink(void **state)
{
    (void)state;
    char p[256], target[128];
    snprintf(target, sizeof(target), "%s/outside", g_dir);
    int fd = open(target, O_WRONLY | O_CREAT, 0600);
    assert_int_equal(write(fd, "secret", 6), 6);
    close(fd);
    its_path(p, sizeof(p), NAME);
    assert_int_equal(symlink(target, p), 0);
    expect_refused_read();
    /* A write replaces the link itself, never the file it points to. */
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"new", 3),
                     PSA_SUCCESS);
    struct stat st;
    assert_int_equal(lstat(p, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_size, 6);
}

static void test_refuses_hard_link(void **state)
{
    (void)state;
    char p[256], other[128];
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"abc", 3),
                     PSA_SUCCESS);
    its_path(p, sizeof(p), NAME);
    snprintf(other, sizeof(other), "%s/other-name", g_dir);
    assert_int_equal(link(p, other), 0);
    expect_refused_read();
    /* The write gives the name a new file; the other link keeps its bytes. */
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"xyzw", 4),
                     PSA_SUCCESS);
    struct stat st;
    assert_int_equal(stat(other, &st), 0);
    assert_int_equal(st.st_size, 3);
    assert_int_equal(st.st_nlink, 1);
}

static void test_refuses_fifo_and_directory(void **state)
{
    (void)state;
    char p[256];
    its_path(p, sizeof(p), NAME);
    assert_int_equal(mkfifo(p, 0600), 0);
    expect_refused_read(); /* returns: the open does not wait for a writer */
    assert_int_equal(cai_spe_port_storage_remove(OWNER, UID), PSA_SUCCESS);
    assert_int_equal(mkdir(p, 0700), 0);
    expect_refused_read();
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"a", 1),
                     PSA_ERROR_STORAGE_FAILURE);
    assert_int_equal(cai_spe_port_storage_remove(OWNER, UID), PSA_ERROR_STORAGE_FAILURE);
    char tmp[256];
    its_path(tmp, sizeof(tmp), NAME ".tmp");
    assert_int_equal(access(tmp, F_OK), -1); /* the failed write cleaned up */
}

static void test_refuses_oversized_and_foreign(void **state)
{
    (void)state;
    static uint8_t big[CAI_SPE_PORT_STORAGE_OBJECT_MAX + 1];
    put_file(NAME, big, sizeof(big));
    expect_refused_read();
    if (geteuid() == 0) {
        char p[256];
        put_file(NAME, "ok", 2);
        its_path(p, sizeof(p), NAME);
        assert_int_equal(chown(p, 65534, 65534), 0);
        expect_refused_read();
    }
}

/* Opaque bytes: a truncated object, one with garbage appended and an empty
 * one come back exactly as they are on disk (never padded, never cut,
 * never an error of their own: detecting them is the seal's job). */
static void test_truncated_and_garbage_are_returned_as_stored(void **state)
{
    (void)state;
    uint8_t b[64];
    size_t len;
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"0123456789", 10),
                     PSA_SUCCESS);
    char p[256];
    its_path(p, sizeof(p), NAME);
    assert_int_equal(truncate(p, 4), 0);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len), PSA_SUCCESS);
    assert_int_equal(len, 4);
    assert_memory_equal(b, "0123", 4);
    put_file(NAME, "0123456789\xff\xfe", 12);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len), PSA_SUCCESS);
    assert_int_equal(len, 12);
    assert_memory_equal(b, "0123456789\xff\xfe", 12);
    put_file(NAME, "", 0);
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len), PSA_SUCCESS);
    assert_int_equal(len, 0);
}

static void test_boot_removes_temporaries_only(void **state)
{
    (void)state;
    put_file(NAME ".tmp", "torn", 4);
    put_file("notes.txt", "keep", 4);
    assert_int_equal(boot(), 0);
    char p[256];
    its_path(p, sizeof(p), NAME ".tmp");
    assert_int_equal(access(p, F_OK), -1);
    its_path(p, sizeof(p), "notes.txt");
    assert_int_equal(access(p, F_OK), 0);
    uint8_t b[8];
    size_t len;
    assert_int_equal(cai_spe_port_storage_read(OWNER, UID, b, sizeof(b), &len),
                     PSA_ERROR_DOES_NOT_EXIST);
}

static void test_refuses_bad_its_directory(void **state)
{
    (void)state;
    char err[512], real[128];
    cai_host_storage_close();
    assert_int_equal(chmod(g_its, 0755), 0);
    assert_int_equal(cai_host_storage_open(g_dfd, g_dir, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "has mode 0755"));
    /* A symlink in its place is not followed. */
    snprintf(real, sizeof(real), "%s/real-its", g_dir);
    assert_int_equal(rename(g_its, real), 0);
    assert_int_equal(chmod(real, 0700), 0);
    assert_int_equal(symlink(real, g_its), 0);
    assert_int_equal(cai_host_storage_open(g_dfd, g_dir, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "is a symbolic link"));
    uint8_t v = 1;
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, &v, 1), PSA_ERROR_STORAGE_FAILURE);
}

/* The state directory's path swapped after boot: the backend keeps using
 * the directory it opened, the new one at the old path never sees a byte. */
static void test_uses_the_directory_it_opened(void **state)
{
    (void)state;
    char moved[128], p[256];
    snprintf(moved, sizeof(moved), "%s-moved", g_dir);
    assert_int_equal(rename(g_dir, moved), 0);
    assert_int_equal(mkdir(g_dir, 0700), 0);
    assert_int_equal(mkdir(g_its, 0700), 0);
    assert_int_equal(cai_spe_port_storage_write(OWNER, UID, (const uint8_t *)"v", 1), PSA_SUCCESS);
    its_path(p, sizeof(p), NAME);
    assert_int_equal(access(p, F_OK), -1);
    snprintf(p, sizeof(p), "%s/its/%s", moved, NAME);
    assert_int_equal(access(p, F_OK), 0);
    /* Put things back so teardown removes both. */
    nftw(g_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    assert_int_equal(rename(moved, g_dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_not_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arguments_and_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_object_count_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_hard_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_fifo_and_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_oversized_and_foreign, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_and_garbage_are_returned_as_stored, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_boot_removes_temporaries_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_bad_its_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uses_the_directory_it_opened, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
