/* gossl-tls-client-connection.h: a GTlsClientConnection made by gossl
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

G_BEGIN_DECLS

#define GOSSL_TYPE_TLS_CLIENT_CONNECTION (gossl_tls_client_connection_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslTlsClientConnection, gossl_tls_client_connection, GOSSL,
                      TLS_CLIENT_CONNECTION, GTlsConnection)

GOSSL_AVAILABLE_IN_ALL
GosslTlsClientConnection *gossl_tls_client_connection_new              (GIOStream          *base_io_stream,
                                                                        GSocketConnectable *server_identity,
                                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
GosslTlsClientConnection *gossl_tls_client_connection_new_with_context (GosslContext       *context,
                                                                        GIOStream          *base_io_stream,
                                                                        GSocketConnectable *server_identity,
                                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
GosslContext             *gossl_tls_client_connection_get_context      (GosslTlsClientConnection *self);

G_END_DECLS
