/* gossl-tls-client-connection.c: a GTlsClientConnection made by gossl
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-connection-private.h"

/**
 * GosslTlsClientConnection:
 *
 * The client side of a TLS connection as GIO knows it: a
 * [class@Gio.TlsConnection] implementing [iface@Gio.TlsClientConnection]
 * and [iface@Gio.Initable], for code that takes a `GTlsConnection` or a
 * `GIOStream` (libsoup, a protocol library, a program's own helpers).
 * OpenSSL does the TLS work, on the caller's main loop, through a
 * [class@Gossl.TlsStream]; glib-networking's is not involved, except to
 * make the [class@Gio.TlsCertificate]s and the default
 * [class@Gio.TlsDatabase].
 *
 * It behaves as the connection [func@Gio.TlsClientConnection.new] makes:
 *
 * - The server's certificate chain is checked with
 *   [property@Gio.TlsConnection:database] (by default the system's, from
 *   [method@Gio.TlsBackend.get_default_database], fetched once for all
 *   connections) and [property@Gio.TlsClientConnection:server-identity].
 *   When the outcome has a flag that
 *   [property@Gio.TlsClientConnection:validation-flags] includes (all of
 *   them by default), [signal@Gio.TlsConnection::accept-certificate] is
 *   emitted; when no handler returns %TRUE, the handshake fails with
 *   %G_TLS_ERROR_BAD_CERTIFICATE. Either way
 *   [property@Gio.TlsConnection:peer-certificate] and
 *   [property@Gio.TlsConnection:peer-certificate-errors] tell what was
 *   found. The check runs during the handshake, however it starts (a
 *   read or write starts it too). A client without a server identity
 *   always has %G_TLS_CERTIFICATE_BAD_IDENTITY, as in GIO.
 * - The server identity's host name is sent as the server name (SNI);
 *   [property@Gio.TlsConnection:advertised-protocols] are offered (ALPN)
 *   and [method@Gio.TlsConnection.get_negotiated_protocol] tells the
 *   outcome.
 * - When the server asks for a certificate, the connection's
 *   [property@Gio.TlsConnection:certificate] is sent (it needs its
 *   private key); without one,
 *   [property@Gio.TlsConnection:interaction] is asked with
 *   [method@Gio.TlsInteraction.invoke_request_certificate], and
 *   [property@Gio.TlsClientConnection:accepted-cas] lists the CAs the
 *   server named.
 * - [property@Gio.TlsConnection:peer-certificate],
 *   [property@Gio.TlsConnection:peer-certificate-errors],
 *   [property@Gio.TlsConnection:protocol-version],
 *   [property@Gio.TlsConnection:ciphersuite-name] (IANA's name) and
 *   [property@Gio.TlsConnection:negotiated-protocol] are notified when
 *   they change: at the end of [method@Gio.TlsConnection.handshake] and
 *   its asynchronous form, or during the read or write that ran the
 *   handshake.
 * - Errors are GIO's: %G_TLS_ERROR_BAD_CERTIFICATE (refused, by us or by
 *   the peer), %G_TLS_ERROR_CERTIFICATE_REQUIRED, %G_TLS_ERROR_NOT_TLS,
 *   %G_TLS_ERROR_HANDSHAKE, %G_TLS_ERROR_EOF (the peer closed the
 *   transport without a TLS close_notify while
 *   [property@Gio.TlsConnection:require-close-notify] is set; otherwise
 *   that ends the stream), %G_TLS_ERROR_MISC, and the %G_IO_ERROR ones of
 *   the base stream and of cancellation. Without a TLS backend
 *   (glib-networking not installed) no certificate can be judged and the
 *   handshake fails with %G_TLS_ERROR_UNAVAILABLE.
 * - Closing sends a close_notify and closes
 *   [property@Gio.TlsConnection:base-io-stream]; dropping the last
 *   reference does the same without waiting for the peer.
 *
 * The differences: OpenSSL's own verification, and the
 * [signal@Gossl.Context::verify] signal, do not count (the database
 * decides); renegotiation is refused (TLS 1.3 has none; GIO's backends
 * refuse it too); [property@Gio.TlsConnection:rehandshake-mode] and
 * [property@Gio.TlsClientConnection:use-ssl3], deprecated in GIO, are kept
 * but change nothing; sessions are not resumed
 * ([method@Gio.TlsClientConnection.copy_session_state] does nothing).
 *
 * The base stream's input and output must be pollable (those of a
 * [class@Gio.SocketConnection] are), as for a [class@Gossl.TlsStream]. Connections
 * made without a [class@Gossl.Context] share one made for them all; give
 * one with [ctor@Gossl.TlsClientConnection.new_with_context] for protocol
 * bounds, ciphers and the like.
 *
 * Since: 0.2
 */
struct _GosslTlsClientConnection
{
  GosslTlsConnectionInstance parent_instance;
};

static void
gossl_tls_client_connection_copy_session_state (GTlsClientConnection *conn,
                                                GTlsClientConnection *source)
{
}

static void
gossl_tls_client_connection_iface_init (GTlsClientConnectionInterface *iface)
{
  iface->copy_session_state = gossl_tls_client_connection_copy_session_state;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslTlsClientConnection, gossl_tls_client_connection,
                               G_TYPE_TLS_CONNECTION,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      gossl_tls_connection_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_TLS_CLIENT_CONNECTION,
                                                      gossl_tls_client_connection_iface_init))

static void
gossl_tls_client_connection_class_init (GosslTlsClientConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gossl_tls_connection_class_init (object_class, TRUE);

  /**
   * GosslTlsClientConnection:context:
   *
   * The [class@Gossl.Context] the connection is made from: its protocol
   * bounds, ciphers and options count, but not its verification settings
   * (the database decides) nor, on the connection, its ALPN list once
   * [property@Gio.TlsConnection:advertised-protocols] is set. %NULL at
   * construction for the one shared by every client connection made
   * without one.
   *
   * Since: 0.2
   */
  g_object_class_install_property (object_class, GOSSL_TLS_PROP_CONTEXT,
    g_param_spec_object ("context", NULL, NULL,
                         GOSSL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
gossl_tls_client_connection_init (GosslTlsClientConnection *self)
{
  gossl_tls_connection_instance_init (&self->parent_instance, TRUE);
}

/**
 * gossl_tls_client_connection_new:
 * @base_io_stream: the stream to the server, such as a [class@Gio.SocketConnection];
 *   its input and output streams must be pollable
 * @server_identity: (nullable): what the server is expected to be, as in
 *   [func@Gio.TlsClientConnection.new]: a [class@Gio.NetworkAddress] or
 *   [class@Gio.NetworkService] (its host name is also sent as the server
 *   name), or a [class@Gio.InetSocketAddress]; %NULL for none, which no
 *   certificate matches
 * @error: return location for a [struct@GLib.Error]
 *
 * A TLS client connection over @base_io_stream, to be used as GIO's: the
 * counterpart of [func@Gio.TlsClientConnection.new]. It uses the client
 * context shared by all connections made this way.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 *   (%G_IO_ERROR_NOT_SUPPORTED for a base stream that cannot be polled)
 *
 * Since: 0.2
 */
GosslTlsClientConnection *
gossl_tls_client_connection_new (GIOStream           *base_io_stream,
                                 GSocketConnectable  *server_identity,
                                 GError             **error)
{
  return gossl_tls_client_connection_new_with_context (NULL, base_io_stream, server_identity,
                                                       error);
}

/**
 * gossl_tls_client_connection_new_with_context:
 * @context: (nullable): the context to make the connection from, or %NULL
 *   for the shared one
 * @base_io_stream: the stream to the server, such as a [class@Gio.SocketConnection];
 *   its input and output streams must be pollable
 * @server_identity: (nullable): what the server is expected to be; see
 *   [ctor@Gossl.TlsClientConnection.new]
 * @error: return location for a [struct@GLib.Error]
 *
 * As [ctor@Gossl.TlsClientConnection.new], from @context: its protocol
 * bounds, ciphers and options apply (see
 * [property@Gossl.TlsClientConnection:context]).
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslTlsClientConnection *
gossl_tls_client_connection_new_with_context (GosslContext        *context,
                                              GIOStream           *base_io_stream,
                                              GSocketConnectable  *server_identity,
                                              GError             **error)
{
  g_return_val_if_fail (context == NULL || GOSSL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_IO_STREAM (base_io_stream), NULL);
  g_return_val_if_fail (server_identity == NULL || G_IS_SOCKET_CONNECTABLE (server_identity), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (GOSSL_TYPE_TLS_CLIENT_CONNECTION, NULL, error,
                         "context", context,
                         "base-io-stream", base_io_stream,
                         "server-identity", server_identity,
                         NULL);
}

/**
 * gossl_tls_client_connection_get_context:
 * @self: a [class@Gossl.TlsClientConnection]
 *
 * The context the connection is made from: the one given, or the shared
 * one. Changing the shared one changes every connection made from it
 * later.
 *
 * Returns: (transfer none) (nullable): the context, or %NULL for a
 *   connection made by [ctor@GObject.Object.new] and not initialized
 *
 * Since: 0.2
 */
GosslContext *
gossl_tls_client_connection_get_context (GosslTlsClientConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_CLIENT_CONNECTION (self), NULL);
  return gossl_tls_connection_get_context (&self->parent_instance);
}
