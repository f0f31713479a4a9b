/* tls-client: connect to HOST:PORT over TLS with gossl, verify the server
 * against a CA file and HOST, print the verified chain, what the handshake
 * agreed on, and the server's reply to a line we send.
 *
 * Usage: tls-client HOST PORT CAFILE [MESSAGE]
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <gossl/gossl.h>
#include <string.h>

/* Emitted for each certificate of the server's chain, the CA (deepest)
 * first; it only reports here: OpenSSL's verdict (ok) stands. */
static gboolean
on_verify (GosslContext      *context,
           GosslConnection   *connection,
           GosslX509         *cert,
           GosslVerifyResult  result,
           int                depth,
           gboolean           ok,
           gpointer           user_data)
{
  g_autofree char *subject = gossl_x509_get_subject_name (cert);
  g_autofree char *reason = g_enum_to_string (GOSSL_TYPE_VERIFY_RESULT, result);

  if (ok)
    g_print ("depth %d: %s [ok]\n", depth, subject);
  else
    g_print ("depth %d: %s [FAILED: %s]\n", depth, subject, reason);
  return ok;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(GosslContext) context = NULL;
  g_autoptr(GosslConnection) tls = NULL;
  g_autoptr(GosslX509) peer = NULL;
  g_autoptr(GByteArray) reply = NULL;
  g_autofree char *peer_subject = NULL;
  g_autofree char *protocol = NULL;
  const char *host, *message = argc > 4 ? argv[4] : "hello from gossl (C)\n";
  int port, fd;

  if (argc < 4)
    {
      g_printerr ("Usage: %s HOST PORT CAFILE [MESSAGE]\n", argv[0]);
      return 2;
    }
  host = argv[1];
  port = atoi (argv[2]);

  /* A client context verifies the server by default; the CA file given
   * replaces the system's trusted CAs. */
  context = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, &error);
  if (context == NULL ||
      !gossl_context_load_verify_locations (context, argv[3], NULL, &error))
    goto failed;
  g_signal_connect (context, "verify", G_CALLBACK (on_verify), NULL);

  client = g_socket_client_new ();
  tcp = g_socket_client_connect_to_host (client, host, port, NULL, &error);
  if (tcp == NULL)
    goto failed;

  /* The TLS connection borrows the fd; tcp keeps owning (and closes) it.
   * GSocket keeps its fd non-blocking; this program wants blocking calls, as
   * the pyOpenSSL manual's examples do (non-blocking use gets WANT_READ and
   * WANT_WRITE errors and waits for the socket itself). */
  fd = g_socket_get_fd (g_socket_connection_get_socket (tcp));
  if (!g_unix_set_fd_nonblocking (fd, FALSE, &error))
    goto failed;
  tls = gossl_connection_new (context, fd, &error);
  if (tls == NULL)
    goto failed;
  gossl_connection_set_connect_state (tls);
  /* The certificate must be for HOST; a name (not an address) is also sent
   * as the server name (SNI), for servers that serve several. */
  if (!gossl_connection_set_verify_hostname (tls, host, &error) ||
      (!g_hostname_is_ip_address (host) &&
       !gossl_connection_set_tlsext_host_name (tls, host, &error)))
    goto failed;
  if (!gossl_connection_do_handshake (tls, &error))
    goto failed;

  /* What the handshake agreed on: the properties GTlsConnection has too
   * (peer-certificate, protocol-version, ciphersuite-name). */
  peer = gossl_connection_get_peer_certificate (tls);
  peer_subject = gossl_x509_get_subject_name (peer);
  protocol = g_enum_to_string (G_TYPE_TLS_PROTOCOL_VERSION,
                               gossl_connection_get_tls_protocol_version (tls));
  g_print ("peer: %s\n", peer_subject);
  g_print ("protocol: %s\n", protocol);
  g_print ("cipher: %s\n", gossl_connection_get_ciphersuite_name (tls));

  if (!gossl_connection_send_all (tls, (const guint8 *) message, strlen (message), &error))
    goto failed;
  reply = gossl_connection_recv (tls, 4096, &error);
  if (reply == NULL)
    goto failed;
  g_print ("reply: %.*s\n", (int) reply->len, (const char *) reply->data);
  if (!gossl_connection_shutdown (tls, &error))
    goto failed;
  return 0;

failed:
  if (g_error_matches (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE))
    {
      /* Every problem verification found, as GIO's flags. */
      g_autofree char *problems =
        g_flags_to_string (G_TYPE_TLS_CERTIFICATE_FLAGS,
                           gossl_connection_get_peer_certificate_errors (tls));

      g_printerr ("tls-client: the server's certificate was refused (%s): %s\n",
                  problems, error->message);
    }
  else
    g_printerr ("tls-client: %s\n", error->message);
  return 1;
}
