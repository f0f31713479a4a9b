/* gossl-tls-service.h: a TLS server on the main loop
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <gio/gio.h>
#include <gossl/gossl-version.h>
#include <gossl/gossl-context.h>
#include <gossl/gossl-tls-stream.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_TLS_SERVICE (gossl_tls_service_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslTlsService, gossl_tls_service, GOSSL, TLS_SERVICE, GSocketListener)

GOSSL_AVAILABLE_IN_ALL
GosslTlsService *gossl_tls_service_new              (GosslContext    *context);
GOSSL_AVAILABLE_IN_ALL
GosslContext    *gossl_tls_service_get_context      (GosslTlsService *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_tls_service_start            (GosslTlsService *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_tls_service_stop             (GosslTlsService *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_tls_service_is_active        (GosslTlsService *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_tls_service_add_shared_address (GosslTlsService  *self,
                                                       GSocketAddress   *address,
                                                       GSocketAddress  **effective_address,
                                                       GError          **error);
GOSSL_AVAILABLE_IN_ALL
guint            gossl_tls_service_get_accept_batch (GosslTlsService *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_tls_service_set_accept_batch (GosslTlsService *self,
                                                     guint            accept_batch);

G_END_DECLS
