/* echo-server: a TLS echo server with gossl. It listens on 127.0.0.1,
 * serves one client, sending back every byte it reads until the client
 * closes the TLS session, and exits.
 *
 * Usage: echo-server CERT.pem KEY.pem [PORT]
 *
 * PORT 0 (the default) picks a free port; the first line printed says which:
 * "listening on 127.0.0.1:PORT".
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <gossl/gossl.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslContext) context = NULL;
  g_autoptr(GSocketListener) listener = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(GosslConnection) tls = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autofree char *protocol = NULL;
  gsize total = 0;
  guint messages = 0;
  int fd;

  if (argc < 3 || argc > 4)
    {
      g_printerr ("Usage: %s CERT.pem KEY.pem [PORT]\n", argv[0]);
      return 2;
    }

  /* A server asks for no client certificate unless told to: nothing to
   * verify, no trust store to load. */
  context = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);
  if (context == NULL ||
      !gossl_context_use_certificate_file (context, argv[1], GOSSL_FILETYPE_PEM, &error) ||
      !gossl_context_use_privatekey_file (context, argv[2], GOSSL_FILETYPE_PEM, &error) ||
      !gossl_context_check_privatekey (context, &error))
    goto failed;

  listener = g_socket_listener_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, argc > 3 ? atoi (argv[3]) : 0);
  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error))
    goto failed;
  g_print ("listening on 127.0.0.1:%u\n",
           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  /* Whoever started us waits for that line: do not leave it in a buffer. */
  fflush (stdout);

  tcp = g_socket_listener_accept (listener, NULL, NULL, &error);
  if (tcp == NULL)
    goto failed;
  /* One client only: stop listening now. */
  g_socket_listener_close (listener);
  g_print ("client connected\n");

  /* The TLS connection borrows the fd; tcp keeps owning (and closes) it.
   * GSocket makes accepted sockets non-blocking too; this server wants
   * blocking calls. */
  fd = g_socket_get_fd (g_socket_connection_get_socket (tcp));
  if (!g_unix_set_fd_nonblocking (fd, FALSE, &error))
    goto failed;
  tls = gossl_connection_new (context, fd, &error);
  if (tls == NULL)
    goto failed;
  gossl_connection_set_accept_state (tls);
  if (!gossl_connection_do_handshake (tls, &error))
    goto failed;
  /* What the handshake agreed on, as GTlsConnection's properties have it. */
  protocol = g_enum_to_string (G_TYPE_TLS_PROTOCOL_VERSION,
                               gossl_connection_get_tls_protocol_version (tls));
  g_print ("protocol: %s\n", protocol);
  g_print ("cipher: %s\n", gossl_connection_get_ciphersuite_name (tls));

  for (;;)
    {
      g_autoptr(GByteArray) data = gossl_connection_recv (tls, 16384, &error);

      if (data == NULL)
        {
          /* The client's close-notify: the clean end of the session. */
          if (g_error_matches (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN))
            break;
          goto failed;
        }
      if (!gossl_connection_send_all (tls, data->data, data->len, &error))
        goto failed;
      total += data->len;
      messages++;
    }
  g_clear_error (&error);
  g_print ("echoed %" G_GSIZE_FORMAT " bytes in %u messages\n", total, messages);

  /* Answer the client's close-notify with ours. */
  if (!gossl_connection_shutdown (tls, &error))
    goto failed;
  g_print ("connection closed\n");
  return 0;

failed:
  g_printerr ("echo-server: %s\n", error->message);
  return 1;
}
