/* Shared helpers for the C tests. */
#pragma once

#include "gossl/gossl-private.h"

/* The contents of tests/files/NAME (G_TEST_SRCDIR/files); aborts when missing. */
GBytes *gossl_test_load_file (const char *name);
/* Path of tests/files/NAME. */
char   *gossl_test_file_path (const char *name);
/* An RSA-2048 key, made once per process and shared (reference added). */
GosslPKey *gossl_test_rsa_key (void);
/* Runs `openssl ARGS...` (NULL-terminated) with @input (may be NULL) on its
 * stdin and returns what it wrote to stdout; its exit status goes to
 * @exit_status, its stderr (NUL-terminated) to @err when not NULL. */
GBytes *gossl_test_run_openssl (GBytes      *input,
                                int         *exit_status,
                                char       **err,
                                const char  *first_arg,
                                ...) G_GNUC_NULL_TERMINATED;
/* Writes @bytes to a new file in @dir and returns its path. */
char   *gossl_test_write_file (const char *dir, const char *name, GBytes *bytes);
