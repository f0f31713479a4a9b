/* gossl-rand.h: OpenSSL's random number generator
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <glib-object.h>
#include <gossl/gossl-version.h>
#include <gossl/gossl-types.h>

G_BEGIN_DECLS

GOSSL_AVAILABLE_IN_ALL
void        gossl_rand_add        (const guint8 *data,
                                   gsize         len,
                                   double        entropy);
GOSSL_AVAILABLE_IN_ALL
void        gossl_rand_seed       (const guint8 *data,
                                   gsize         len);
GOSSL_AVAILABLE_IN_ALL
gboolean    gossl_rand_status     (void);
GOSSL_AVAILABLE_IN_ALL
gint        gossl_rand_load_file  (const char   *path,
                                   glong         max_bytes,
                                   GError      **error);
GOSSL_AVAILABLE_IN_ALL
gint        gossl_rand_write_file (const char   *path,
                                   GError      **error);
GOSSL_AVAILABLE_IN_ALL
gint        gossl_rand_egd        (const char   *path,
                                   gint          bytes,
                                   GError      **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray *gossl_rand_bytes      (gsize         n_bytes,
                                   GError      **error);

G_END_DECLS
