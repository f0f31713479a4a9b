/* gossl-pkey.h: a public/private key pair (EVP_PKEY)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <glib-object.h>
#include <gio/gio.h>
#include <gossl/gossl-version.h>
#include <gossl/gossl-types.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_PKEY (gossl_pkey_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslPKey, gossl_pkey, GOSSL, PKEY, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslPKey    *gossl_pkey_new               (void);
GOSSL_AVAILABLE_IN_ALL
GosslPKey    *gossl_pkey_new_from_data     (GosslFiletype  type,
                                            const guint8  *data,
                                            gsize          len,
                                            const guint8  *passphrase,
                                            gsize          passphrase_len,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKey    *gossl_pkey_new_public_from_data (GosslFiletype  type,
                                               const guint8  *data,
                                               gsize          len,
                                               GError       **error);
GOSSL_AVAILABLE_IN_ALL
gboolean      gossl_pkey_generate_key      (GosslPKey     *self,
                                            GosslKeyType   type,
                                            guint          bits,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
guint         gossl_pkey_get_bits          (GosslPKey     *self);
GOSSL_AVAILABLE_IN_ALL
GosslKeyType  gossl_pkey_get_key_type      (GosslPKey     *self);
GOSSL_AVAILABLE_IN_ALL
gboolean      gossl_pkey_is_initialized    (GosslPKey     *self);
GOSSL_AVAILABLE_IN_ALL
gboolean      gossl_pkey_has_private       (GosslPKey     *self);
GOSSL_AVAILABLE_IN_ALL
gboolean      gossl_pkey_check             (GosslPKey     *self,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray   *gossl_pkey_to_data           (GosslPKey     *self,
                                            GosslFiletype  type,
                                            const char    *cipher,
                                            const guint8  *passphrase,
                                            gsize          passphrase_len,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray   *gossl_pkey_public_to_data    (GosslPKey     *self,
                                            GosslFiletype  type,
                                            GError       **error);

GOSSL_AVAILABLE_IN_ALL
GosslPKey    *gossl_pkey_new_from_bytes    (GosslFiletype  type,
                                            GBytes        *bytes,
                                            const char    *passphrase,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKey    *gossl_pkey_new_from_bytes_with_interaction (GosslFiletype     type,
                                                          GBytes           *bytes,
                                                          GTlsInteraction  *interaction,
                                                          const char       *description,
                                                          GCancellable     *cancellable,
                                                          GError          **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKey    *gossl_pkey_new_public_from_bytes (GosslFiletype  type,
                                                GBytes        *bytes,
                                                GError       **error);
GOSSL_AVAILABLE_IN_ALL
GBytes       *gossl_pkey_to_bytes          (GosslPKey     *self,
                                            GosslFiletype  type,
                                            const char    *cipher,
                                            const char    *passphrase,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
GBytes       *gossl_pkey_public_to_bytes   (GosslPKey     *self,
                                            GosslFiletype  type,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
GBytes       *gossl_pkey_sign              (GosslPKey     *self,
                                            const char    *digest,
                                            GBytes        *data,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
gboolean      gossl_pkey_verify            (GosslPKey     *self,
                                            const char    *digest,
                                            GBytes        *data,
                                            GBytes        *signature,
                                            GError       **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKey    *gossl_pkey_new_from_tls_certificate (GTlsCertificate *certificate,
                                                   GError         **error);

G_END_DECLS
