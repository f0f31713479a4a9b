/* gossl-tls-server-connection.h: a GTlsServerConnection made by gossl
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

#define GOSSL_TYPE_TLS_SERVER_CONNECTION (gossl_tls_server_connection_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslTlsServerConnection, gossl_tls_server_connection, GOSSL,
                      TLS_SERVER_CONNECTION, GTlsConnection)

GOSSL_AVAILABLE_IN_ALL
GosslTlsServerConnection *gossl_tls_server_connection_new              (GIOStream       *base_io_stream,
                                                                        GTlsCertificate *certificate,
                                                                        GError         **error);
GOSSL_AVAILABLE_IN_ALL
GosslTlsServerConnection *gossl_tls_server_connection_new_with_context (GosslContext    *context,
                                                                        GIOStream       *base_io_stream,
                                                                        GTlsCertificate *certificate,
                                                                        GError         **error);
GOSSL_AVAILABLE_IN_ALL
GosslContext             *gossl_tls_server_connection_get_context      (GosslTlsServerConnection *self);

G_END_DECLS
