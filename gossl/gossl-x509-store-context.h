/* gossl-x509-store-context.h: one certificate verification (X509_STORE_CTX)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <gio/gio.h>
#include <gossl/gossl-version.h>
#include <gossl/gossl-types.h>
#include <gossl/gossl-x509.h>
#include <gossl/gossl-x509-store.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_X509_STORE_CONTEXT (gossl_x509_store_context_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslX509StoreContext, gossl_x509_store_context, GOSSL, X509_STORE_CONTEXT, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslX509StoreContext *gossl_x509_store_context_new (GosslX509Store  *store,
                                                     GosslX509       *certificate,
                                                     GosslX509      **untrusted,
                                                     guint            n_untrusted);
GOSSL_AVAILABLE_IN_ALL
void            gossl_x509_store_context_set_store          (GosslX509StoreContext *self,
                                                             GosslX509Store        *store);
GOSSL_AVAILABLE_IN_ALL
GosslX509Store *gossl_x509_store_context_get_store          (GosslX509StoreContext *self);
GOSSL_AVAILABLE_IN_ALL
void            gossl_x509_store_context_set_certificate    (GosslX509StoreContext *self,
                                                             GosslX509             *certificate);
GOSSL_AVAILABLE_IN_ALL
GosslX509      *gossl_x509_store_context_get_certificate    (GosslX509StoreContext *self);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_x509_store_context_verify_certificate (GosslX509StoreContext *self,
                                                             GError               **error);
GOSSL_AVAILABLE_IN_ALL
GPtrArray      *gossl_x509_store_context_get_verified_chain (GosslX509StoreContext *self);
GOSSL_AVAILABLE_IN_ALL
GosslVerifyResult gossl_x509_store_context_get_error        (GosslX509StoreContext *self);
GOSSL_AVAILABLE_IN_ALL
int             gossl_x509_store_context_get_error_depth    (GosslX509StoreContext *self);
GOSSL_AVAILABLE_IN_ALL
GosslX509      *gossl_x509_store_context_get_current_certificate (GosslX509StoreContext *self);
GOSSL_AVAILABLE_IN_ALL
GTlsCertificateFlags gossl_x509_store_context_get_certificate_errors (GosslX509StoreContext *self);

G_END_DECLS
