/* gossl-tls-server-connection.c: a GTlsServerConnection made by gossl
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-connection-private.h"

/**
 * GosslTlsServerConnection:
 *
 * The server side of a TLS connection as GIO knows it: a
 * [class@Gio.TlsConnection] implementing [iface@Gio.TlsServerConnection]
 * and [iface@Gio.Initable], the counterpart of
 * [class@Gossl.TlsClientConnection] for code that serves a
 * `GTlsConnection` (a [class@Gio.SocketService] handler, say). OpenSSL
 * does the TLS work on the caller's main loop through a
 * [class@Gossl.TlsStream].
 *
 * It behaves as the connection [func@Gio.TlsServerConnection.new] makes:
 *
 * - It serves [property@Gio.TlsConnection:certificate], which needs its
 *   private key, with the issuers the certificate holds
 *   ([method@Gossl.X509.to_tls_certificate] makes one from gossl's
 *   certificate and key).
 * - [property@Gio.TlsServerConnection:authentication-mode] asks the
 *   client for a certificate (%G_TLS_AUTHENTICATION_REQUESTED) or demands
 *   one (%G_TLS_AUTHENTICATION_REQUIRED: without one the handshake fails
 *   with %G_TLS_ERROR_CERTIFICATE_REQUIRED). A client certificate is
 *   checked with [property@Gio.TlsConnection:database], and, as GIO
 *   documents for servers, [signal@Gio.TlsConnection::accept-certificate]
 *   is emitted for every certificate a client presents, problems or not:
 *   it is accepted only when a handler returns %TRUE, otherwise the
 *   handshake fails with %G_TLS_ERROR_BAD_CERTIFICATE.
 * - The protocol is the first of
 *   [property@Gio.TlsConnection:advertised-protocols] that the client
 *   offers (ALPN), or none.
 * - The outcome (peer certificate and its errors, protocol version,
 *   ciphersuite, negotiated protocol), errors, closing: as for
 *   [class@Gossl.TlsClientConnection].
 *
 * Connections made without a [class@Gossl.Context] share one made for them
 * all, and its session cache: a client may resume its session on a later
 * connection that serves the same certificate with the same
 * authentication mode (never across certificates). A context given with
 * [ctor@Gossl.TlsServerConnection.new_with_context] is shared in the same
 * way; its ALPN choice is its own ([method@Gossl.Context.set_alpn_protos],
 * [signal@Gossl.Context::alpn-select]), not
 * [property@Gio.TlsConnection:advertised-protocols], since OpenSSL chooses
 * per context.
 *
 * Since: 0.2
 */
struct _GosslTlsServerConnection
{
  GosslTlsConnectionInstance parent_instance;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslTlsServerConnection, gossl_tls_server_connection,
                               G_TYPE_TLS_CONNECTION,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      gossl_tls_connection_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_TLS_SERVER_CONNECTION, NULL))

static void
gossl_tls_server_connection_class_init (GosslTlsServerConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gossl_tls_connection_class_init (object_class, FALSE);

  /**
   * GosslTlsServerConnection:context:
   *
   * The [class@Gossl.Context] the connection is made from: its protocol
   * bounds, ciphers, options, session cache and ALPN choice count, but not
   * its verification settings (the database decides). A certificate set
   * on the connection takes the place of the context's. %NULL at
   * construction for the one shared by every server connection made
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
gossl_tls_server_connection_init (GosslTlsServerConnection *self)
{
  gossl_tls_connection_instance_init (&self->parent_instance, FALSE);
}

/**
 * gossl_tls_server_connection_new:
 * @base_io_stream: the stream to the client, such as the
 *   [class@Gio.SocketConnection] of an accepted connection; its input and output
 *   streams must be pollable
 * @certificate: (nullable): the certificate to serve, with its private key
 *   (and issuers), as for [func@Gio.TlsServerConnection.new]; %NULL to set
 *   [property@Gio.TlsConnection:certificate] later
 * @error: return location for a [struct@GLib.Error]
 *
 * A TLS server connection over @base_io_stream, to be used as GIO's: the
 * counterpart of [func@Gio.TlsServerConnection.new]. It uses the server
 * context shared by all connections made this way.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 *   (%G_IO_ERROR_NOT_SUPPORTED for a base stream that cannot be polled)
 *
 * Since: 0.2
 */
GosslTlsServerConnection *
gossl_tls_server_connection_new (GIOStream        *base_io_stream,
                                 GTlsCertificate  *certificate,
                                 GError          **error)
{
  return gossl_tls_server_connection_new_with_context (NULL, base_io_stream, certificate, error);
}

/**
 * gossl_tls_server_connection_new_with_context:
 * @context: (nullable): the context to make the connection from, shared by
 *   the connections of a server; %NULL for the shared default one
 * @base_io_stream: the stream to the client; its input and output streams
 *   must be pollable
 * @certificate: (nullable): the certificate to serve, with its private
 *   key; %NULL for the context's own certificate, or to set
 *   [property@Gio.TlsConnection:certificate] later
 * @error: return location for a [struct@GLib.Error]
 *
 * As [ctor@Gossl.TlsServerConnection.new], from @context (see
 * [property@Gossl.TlsServerConnection:context]).
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslTlsServerConnection *
gossl_tls_server_connection_new_with_context (GosslContext     *context,
                                              GIOStream        *base_io_stream,
                                              GTlsCertificate  *certificate,
                                              GError          **error)
{
  g_return_val_if_fail (context == NULL || GOSSL_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_IO_STREAM (base_io_stream), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (GOSSL_TYPE_TLS_SERVER_CONNECTION, NULL, error,
                         "context", context,
                         "base-io-stream", base_io_stream,
                         "certificate", certificate,
                         NULL);
}

/**
 * gossl_tls_server_connection_get_context:
 * @self: a [class@Gossl.TlsServerConnection]
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
gossl_tls_server_connection_get_context (GosslTlsServerConnection *self)
{
  g_return_val_if_fail (GOSSL_IS_TLS_SERVER_CONNECTION (self), NULL);
  return gossl_tls_connection_get_context (&self->parent_instance);
}
