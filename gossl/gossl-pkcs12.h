/* gossl-pkcs12.h: a PKCS#12 bundle
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
#include <gossl/gossl-x509.h>

#define GOSSL_TYPE_PKCS12 (gossl_pkcs12_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslPKCS12, gossl_pkcs12, GOSSL, PKCS12, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslPKCS12 *gossl_pkcs12_new                 (void);
GOSSL_AVAILABLE_IN_ALL
GosslPKCS12 *gossl_pkcs12_new_from_data       (const guint8  *data,
                                               gsize          len,
                                               const guint8  *passphrase,
                                               gsize          passphrase_len,
                                               GError       **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKCS12 *gossl_pkcs12_new_from_bytes      (GBytes        *bytes,
                                               const char    *passphrase,
                                               GError       **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKCS12 *gossl_pkcs12_new_from_bytes_with_interaction (GBytes           *bytes,
                                                           GTlsInteraction  *interaction,
                                                           const char       *description,
                                                           GCancellable     *cancellable,
                                                           GError          **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509   *gossl_pkcs12_get_certificate     (GosslPKCS12 *self);
GOSSL_AVAILABLE_IN_ALL
GosslPKey   *gossl_pkcs12_get_privatekey      (GosslPKCS12 *self);
GOSSL_AVAILABLE_IN_ALL
GPtrArray   *gossl_pkcs12_get_ca_certificates (GosslPKCS12 *self);
GOSSL_AVAILABLE_IN_ALL
const char  *gossl_pkcs12_get_friendly_name   (GosslPKCS12 *self);

GOSSL_AVAILABLE_IN_ALL
void         gossl_pkcs12_set_certificate     (GosslPKCS12  *self,
                                               GosslX509    *certificate);
GOSSL_AVAILABLE_IN_ALL
void         gossl_pkcs12_set_privatekey      (GosslPKCS12  *self,
                                               GosslPKey    *privatekey);
GOSSL_AVAILABLE_IN_ALL
void         gossl_pkcs12_set_ca_certificates (GosslPKCS12  *self,
                                               GosslX509   **certificates,
                                               gsize         n_certificates);
GOSSL_AVAILABLE_IN_ALL
void         gossl_pkcs12_set_friendly_name   (GosslPKCS12  *self,
                                               const char   *name);
GOSSL_AVAILABLE_IN_ALL
GBytes      *gossl_pkcs12_export              (GosslPKCS12            *self,
                                               const char             *passphrase,
                                               GosslPKCS12Encryption   encryption,
                                               const char             *mac_digest,
                                               int                     iterations,
                                               int                     mac_iterations,
                                               GError                **error);

G_END_DECLS
