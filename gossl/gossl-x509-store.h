/* gossl-x509-store.h: a store of trusted certificates (X509_STORE)
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

#include <gossl/gossl-x509.h>
#include <gossl/gossl-crl.h>

#define GOSSL_TYPE_X509_STORE (gossl_x509_store_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslX509Store, gossl_x509_store, GOSSL, X509_STORE, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslX509Store *gossl_x509_store_new      (void);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_x509_store_add_cert (GosslX509Store *self,
                                           GosslX509      *cert,
                                           GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_x509_store_verify_certificate (GosslX509Store *self,
                                                     GosslX509      *cert,
                                                     GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_x509_store_add_crl  (GosslX509Store *self,
                                           GosslCrl       *crl,
                                           GError        **error);
GOSSL_AVAILABLE_IN_ALL
void             gossl_x509_store_set_flags      (GosslX509Store   *self,
                                                  GosslVerifyFlags  flags);
GOSSL_AVAILABLE_IN_ALL
void             gossl_x509_store_clear_flags    (GosslX509Store   *self,
                                                  GosslVerifyFlags  flags);
GOSSL_AVAILABLE_IN_ALL
GosslVerifyFlags gossl_x509_store_get_flags      (GosslX509Store   *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_x509_store_set_time       (GosslX509Store   *self,
                                                  GDateTime        *time);
GOSSL_AVAILABLE_IN_ALL
GDateTime       *gossl_x509_store_get_time       (GosslX509Store   *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_x509_store_load_locations (GosslX509Store   *self,
                                                  const char       *cafile,
                                                  const char       *capath,
                                                  GError          **error);

G_END_DECLS
