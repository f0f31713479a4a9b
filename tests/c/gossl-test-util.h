/* Shared helpers for the C tests. */
#pragma once

#include "gossl/gossl-private.h"

/* The contents of tests/files/NAME (G_TEST_SRCDIR/files); aborts when missing. */
GBytes *gossl_test_load_file (const char *name);
/* Path of tests/files/NAME. */
char   *gossl_test_file_path (const char *name);
/* An RSA-2048 key, made once per process and shared (reference added). */
GosslPKey *gossl_test_rsa_key (void);
