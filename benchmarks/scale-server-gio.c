/* scale-server-gio.c: the scale benchmark's echo server with GIO's own
 * GTlsServerConnection (glib-networking), one thread, one main loop
 *
 *   scale-server-gio CERT.pem KEY.pem [--no-database]
 *
 * --no-database sets each connection's database to NULL: by default
 * glib-networking gives every connection the system trust store, which a
 * server that asks for no client certificate does not use. See
 * scale-server-common.h for what it prints and the signals it takes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "scale-server-common.h"

#include <stdio.h>
#include <string.h>

static gboolean no_database;

static void
incoming (GSocketService    *service,
          GSocketConnection *tcp,
          GObject           *source,
          gpointer           user_data)
{
  GTlsCertificate *certificate = user_data;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  /* The database is a construct property: given as NULL there, the
   * connection never takes the default one. */
  if (no_database)
    tls = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                          NULL, &error, "base-io-stream", tcp, "certificate", certificate,
                          "database", NULL, NULL);
  else
    tls = g_tls_server_connection_new (G_IO_STREAM (tcp), certificate, &error);
  if (tls == NULL)
    {
      g_printerr ("scale-server-gio: %s\n", error->message);
      return;
    }
  scale_echo_start (tls);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GSocketService *service;
  guint16 port;

  if (argc == 4 && strcmp (argv[3], "--no-database") == 0)
    no_database = TRUE;
  else if (argc != 3)
    {
      g_printerr ("Usage: %s CERT.pem KEY.pem [--no-database]\n", argv[0]);
      return 2;
    }
  certificate = g_tls_certificate_new_from_files (argv[1], argv[2], &error);
  if (certificate == NULL)
    goto failed;
  service = g_socket_service_new ();
  port = scale_listen (G_SOCKET_LISTENER (service), &error);
  if (port == 0)
    goto failed;
  g_signal_connect (service, "incoming", G_CALLBACK (incoming), certificate);
  g_socket_service_start (service);
  return scale_server_run (port);

failed:
  g_printerr ("scale-server-gio: %s\n", error->message);
  return 1;
}
