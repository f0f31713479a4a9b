/* Shared helpers for the C tests. */
#pragma once

#include "gossl/gossl-private.h"

/* The contents of tests/files/NAME (G_TEST_SRCDIR/files); aborts when missing. */
GBytes *gossl_test_load_file (const char *name);
/* Path of tests/files/NAME. */
char   *gossl_test_file_path (const char *name);
/* An RSA-2048 key, made once per process and shared (reference added). */
GosslPKey *gossl_test_rsa_key (void);
/* A new RSA-1024 key, quick to make. */
GosslPKey *gossl_test_small_key (void);
/* A v3 certificate for @key named @cn, issued by @issuer (NULL: self-signed)
 * and signed with @signer, valid from two hours ago to @not_after seconds
 * from now: a CA (basicConstraints CA:TRUE, keyCertSign) when @ca, else a
 * leaf for DNS:example.com. */
GosslX509 *gossl_test_make_cert (const char *cn, GosslPKey *key, gboolean ca,
                                 GosslX509 *issuer, GosslPKey *signer, glong not_after);
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
