/* tls-client: connect to HOST:PORT over TLS with gossl, verify the server
 * against a CA file, print the verified chain, the cipher, and the first
 * bytes the server sends back to a line we send.
 *
 * Usage: tls-client HOST PORT CAFILE [MESSAGE]
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <gossl/gossl.h>
#include <string.h>

static gboolean
on_verify (GosslContext      *context,
           GosslConnection   *connection,
           GosslX509         *cert,
           GosslVerifyResult  result,
           int                depth,
           gboolean           ok,
           gpointer           user_data)
{
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autofree char *text = gossl_x509_name_to_string (subject);

  g_print ("depth %d: %s [%s]\n", depth, text, ok ? "ok" : "FAILED");
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
  g_autoptr(GosslX509Name) peer_subject = NULL;
  g_autoptr(GByteArray) reply = NULL;
  g_autofree char *peer_text = NULL;
  const char *message = argc > 4 ? argv[4] : "hello from gossl (C)\n";
  int port, fd;

  if (argc < 4)
    {
      g_printerr ("Usage: %s HOST PORT CAFILE [MESSAGE]\n", argv[0]);
      return 2;
    }
  port = atoi (argv[2]);

  context = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, &error);
  if (context == NULL ||
      !gossl_context_load_verify_locations (context, argv[3], NULL, &error))
    goto failed;
  gossl_context_set_verify (context, GOSSL_VERIFY_PEER);
  g_signal_connect (context, "verify", G_CALLBACK (on_verify), NULL);

  client = g_socket_client_new ();
  tcp = g_socket_client_connect_to_host (client, argv[1], port, NULL, &error);
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
  if (!gossl_connection_do_handshake (tls, &error))
    goto failed;

  peer = gossl_connection_get_peer_certificate (tls);
  peer_subject = gossl_x509_get_subject (peer);
  peer_text = gossl_x509_name_to_string (peer_subject);
  g_print ("peer: %s\n", peer_text);
  g_print ("protocol: %s\n", gossl_connection_get_protocol_version_name (tls));
  g_print ("cipher: %s\n", gossl_connection_get_cipher_name (tls));

  if (!gossl_connection_send_all (tls, (const guint8 *) message, strlen (message), &error))
    goto failed;
  reply = gossl_connection_recv (tls, 4096, &error);
  if (reply == NULL)
    goto failed;
  g_print ("reply: %.*s\n", (int) reply->len, (const char *) reply->data);
  gossl_connection_shutdown (tls, NULL);
  return 0;

failed:
  g_printerr ("tls-client: %s\n", error->message);
  return 1;
}
