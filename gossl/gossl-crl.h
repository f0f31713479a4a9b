/* gossl-crl.h: a certificate revocation list (X509_CRL)
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

#include <gossl/gossl-pkey.h>
#include <gossl/gossl-x509-name.h>
#include <gossl/gossl-x509.h>
#include <gossl/gossl-revoked.h>

#define GOSSL_TYPE_CRL (gossl_crl_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslCrl, gossl_crl, GOSSL, CRL, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslCrl      *gossl_crl_new                (void);
GOSSL_AVAILABLE_IN_ALL
GosslCrl      *gossl_crl_new_from_data      (GosslFiletype   type,
                                             const guint8   *data,
                                             gsize           len,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslCrl      *gossl_crl_new_from_bytes     (GosslFiletype   type,
                                             GBytes         *bytes,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray    *gossl_crl_to_data            (GosslCrl       *self,
                                             GosslFiletype   type,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
GBytes        *gossl_crl_to_bytes           (GosslCrl       *self,
                                             GosslFiletype   type,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_crl_to_text            (GosslCrl       *self,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
GPtrArray     *gossl_crl_get_revoked        (GosslCrl       *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_crl_add_revoked        (GosslCrl       *self,
                                             GosslRevoked   *revoked,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509Name *gossl_crl_get_issuer         (GosslCrl       *self);
GOSSL_AVAILABLE_IN_ALL
glong          gossl_crl_get_version        (GosslCrl       *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_crl_set_version        (GosslCrl       *self,
                                             glong           version,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
GDateTime     *gossl_crl_get_last_update    (GosslCrl       *self);
GOSSL_AVAILABLE_IN_ALL
GDateTime     *gossl_crl_get_next_update    (GosslCrl       *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_crl_set_last_update    (GosslCrl       *self,
                                             GDateTime      *when,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_crl_set_next_update    (GosslCrl       *self,
                                             GDateTime      *when,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_crl_set_last_update_asn1 (GosslCrl     *self,
                                               const char   *when,
                                               GError      **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_crl_set_next_update_asn1 (GosslCrl     *self,
                                               const char   *when,
                                               GError      **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_crl_sign               (GosslCrl       *self,
                                             GosslX509      *issuer_cert,
                                             GosslPKey      *issuer_key,
                                             const char     *digest,
                                             GError        **error);
GOSSL_AVAILABLE_IN_ALL
GBytes        *gossl_crl_export             (GosslCrl       *self,
                                             GosslX509      *cert,
                                             GosslPKey      *key,
                                             GosslFiletype   type,
                                             gint            days,
                                             const char     *digest,
                                             GError        **error);

G_END_DECLS
