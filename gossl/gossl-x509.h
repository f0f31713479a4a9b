/* gossl-x509.h: a certificate (X509)
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

#include <gossl/gossl-pkey.h>
#include <gossl/gossl-x509-name.h>
#include <gossl/gossl-x509-extension.h>

#define GOSSL_TYPE_X509 (gossl_x509_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslX509, gossl_x509, GOSSL, X509, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslX509     *gossl_x509_new                  (void);
GOSSL_AVAILABLE_IN_ALL
GosslX509     *gossl_x509_new_from_data        (GosslFiletype   type,
                                                const guint8   *data,
                                                gsize           len,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray    *gossl_x509_to_data              (GosslX509      *self,
                                                GosslFiletype   type,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509     *gossl_x509_new_from_bytes       (GosslFiletype   type,
                                                GBytes         *bytes,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GBytes        *gossl_x509_to_bytes             (GosslX509      *self,
                                                GosslFiletype   type,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509     *gossl_x509_copy                 (GosslX509      *self);

GOSSL_AVAILABLE_IN_ALL
glong          gossl_x509_get_version          (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_version          (GosslX509      *self,
                                                glong           version,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_serial_number    (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_serial_number    (GosslX509      *self,
                                                const char     *hex,
                                                GError        **error);

GOSSL_AVAILABLE_IN_ALL
GosslX509Name *gossl_x509_get_subject          (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_subject          (GosslX509      *self,
                                                GosslX509Name  *name,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_subject_entry    (GosslX509      *self,
                                                const char     *field,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509Name *gossl_x509_get_issuer           (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_issuer_entry     (GosslX509      *self,
                                                const char     *field,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_issuer           (GosslX509      *self,
                                                GosslX509Name  *name,
                                                GError        **error);

GOSSL_AVAILABLE_IN_ALL
GosslPKey     *gossl_x509_get_pubkey           (GosslX509      *self,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_pubkey           (GosslX509      *self,
                                                GosslPKey      *pkey,
                                                GError        **error);

GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_gmtime_adj_not_before (GosslX509     *self,
                                                 glong          seconds,
                                                 GError       **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_gmtime_adj_not_after  (GosslX509     *self,
                                                 glong          seconds,
                                                 GError       **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_not_before       (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_not_after        (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_not_before       (GosslX509      *self,
                                                const char     *when,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_not_after        (GosslX509      *self,
                                                const char     *when,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_has_expired          (GosslX509      *self,
                                                GError        **error);

GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_sign                 (GosslX509      *self,
                                                GosslPKey      *pkey,
                                                const char     *digest,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_digest               (GosslX509      *self,
                                                const char     *digest,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_signature_algorithm (GosslX509   *self,
                                                   GError     **error);

GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_add_extension        (GosslX509          *self,
                                                GosslX509Extension *extension,
                                                GError            **error);
GOSSL_AVAILABLE_IN_ALL
guint          gossl_x509_get_extension_count  (GosslX509          *self);
GOSSL_AVAILABLE_IN_ALL
GosslX509Extension *gossl_x509_get_extension   (GosslX509          *self,
                                                guint               index,
                                                GError            **error);

GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_subject_name     (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_issuer_name      (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_subject_common_name (GosslX509   *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_get_issuer_common_name  (GosslX509   *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_lookup_subject_entry (GosslX509      *self,
                                                const char     *field);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_lookup_issuer_entry  (GosslX509      *self,
                                                const char     *field);

GOSSL_AVAILABLE_IN_ALL
GDateTime     *gossl_x509_get_not_valid_before (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
GDateTime     *gossl_x509_get_not_valid_after  (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_not_valid_before (GosslX509      *self,
                                                GDateTime      *when,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_set_not_valid_after  (GosslX509      *self,
                                                GDateTime      *when,
                                                GError        **error);

GOSSL_AVAILABLE_IN_ALL
GPtrArray     *gossl_x509_get_dns_names        (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
GPtrArray     *gossl_x509_get_ip_addresses     (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
char         **gossl_x509_get_email_addresses  (GosslX509      *self);
GOSSL_AVAILABLE_IN_ALL
char         **gossl_x509_get_uris             (GosslX509      *self);

GOSSL_AVAILABLE_IN_ALL
GTlsCertificate *gossl_x509_to_tls_certificate (GosslX509      *self,
                                                GosslPKey      *key,
                                                GosslX509     **issuers,
                                                guint           n_issuers,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509     *gossl_x509_new_from_tls_certificate  (GTlsCertificate *certificate,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
GPtrArray     *gossl_x509_list_new_from_tls_certificate (GTlsCertificate *certificate,
                                                         GError         **error);


G_END_DECLS
