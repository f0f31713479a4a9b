/* gossl-tls-stream.h: TLS over a GIOStream, driven by the main loop
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
#include <gossl/gossl-connection.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_TLS_STREAM (gossl_tls_stream_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslTlsStream, gossl_tls_stream, GOSSL, TLS_STREAM, GIOStream)

GOSSL_AVAILABLE_IN_ALL
GosslTlsStream  *gossl_tls_stream_new               (GosslConnection      *connection,
                                                     GIOStream            *base_io_stream,
                                                     GError              **error);
GOSSL_AVAILABLE_IN_ALL
GosslTlsStream  *gossl_tls_stream_new_client        (GosslContext         *context,
                                                     GIOStream            *base_io_stream,
                                                     const char           *server_identity,
                                                     GError              **error);
GOSSL_AVAILABLE_IN_ALL
GosslTlsStream  *gossl_tls_stream_new_server        (GosslContext         *context,
                                                     GIOStream            *base_io_stream,
                                                     GError              **error);
GOSSL_AVAILABLE_IN_ALL
GosslConnection *gossl_tls_stream_get_connection    (GosslTlsStream       *self);
GOSSL_AVAILABLE_IN_ALL
GIOStream       *gossl_tls_stream_get_base_io_stream (GosslTlsStream      *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_tls_stream_handshake         (GosslTlsStream       *self,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
GOSSL_AVAILABLE_IN_ALL
void             gossl_tls_stream_handshake_async   (GosslTlsStream       *self,
                                                     int                   io_priority,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_tls_stream_handshake_finish  (GosslTlsStream       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
GOSSL_AVAILABLE_IN_ALL
void             gossl_tls_stream_read_bytes_async  (GosslTlsStream       *self,
                                                     gsize                 count,
                                                     int                   io_priority,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GOSSL_AVAILABLE_IN_ALL
GBytes          *gossl_tls_stream_read_bytes_finish (GosslTlsStream       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
GOSSL_AVAILABLE_IN_ALL
void             gossl_tls_stream_set_receiving     (GosslTlsStream       *self,
                                                     gboolean              receiving);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_tls_stream_get_receiving     (GosslTlsStream       *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_tls_stream_send_bytes        (GosslTlsStream       *self,
                                                     GBytes               *bytes,
                                                     GError              **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509       *gossl_tls_stream_get_peer_certificate (GosslTlsStream    *self);
GOSSL_AVAILABLE_IN_ALL
GTlsCertificateFlags gossl_tls_stream_get_peer_certificate_errors (GosslTlsStream *self);
GOSSL_AVAILABLE_IN_ALL
GTlsProtocolVersion gossl_tls_stream_get_protocol_version (GosslTlsStream *self);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_tls_stream_get_ciphersuite_name (GosslTlsStream    *self);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_tls_stream_get_negotiated_protocol (GosslTlsStream *self);

G_END_DECLS
